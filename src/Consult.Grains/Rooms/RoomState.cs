using Consult.Catalog;
using Consult.Outbox;

namespace Consult.Rooms;

/// <summary>
/// A room's persisted state: its seats and the tail of its event log (<see cref="RoomLog"/>),
/// written together on every change. Older events are sealed, <see cref="RoomLog.ChunkSize"/> at a time, into
/// <see cref="RoomLogChunk"/>s written once each, so a write costs the same on the first day of a
/// consultation as after a thousand messages.
/// </summary>
[GenerateSerializer, Alias("consult.room-grain.state")]
public sealed class RoomState
{
    [Id(0)] public bool Opened { get; set; }
    [Id(1)] public Guid CaseId { get; set; }
    [Id(2)] public string CaseNumber { get; set; } = "";
    [Id(3)] public string MatterCode { get; set; } = "";
    [Id(4)] public JointRuleKind Rule { get; set; }
    [Id(5)] public string Convener { get; set; } = "";
    [Id(6)] public DateTimeOffset OpenedAt { get; set; }
    [Id(7)] public DateTimeOffset? ScheduledAt { get; set; }
    [Id(8)] public DateTimeOffset Deadline { get; set; }
    [Id(9)] public List<SeatState> Seats { get; set; } = [];
    /// <summary>The events after <see cref="SealedCount"/>, in seq order.</summary>
    [Id(10)] public List<RoomEvent> Events { get; set; } = [];
    // Ids 11 and 12 held the idempotency keys of the whole log before it was sealed in chunks.
    [Id(13)] public RoomStatus Status { get; set; }
    [Id(14)] public string? Statement { get; set; }
    [Id(15)] public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>The outcome confirmed by closing; while open it is computed, never stored.</summary>
    [Id(16)] public JointOutcome? ClosedOutcome { get; set; }
    /// <summary>How many events (from seq 1) are in sealed chunks; a hint: chunks are found by reading them.</summary>
    [Id(17)] public long SealedCount { get; set; }
    /// <summary>The idempotency key (decisions) or author and client message id (messages) of tail events, by seq.</summary>
    [Id(18)] public Dictionary<long, string> TailKeys { get; set; } = [];
    /// <summary>What the room still owes the case, the inboxes and the metrics.</summary>
    [Id(19)] public OutboxState Outbox { get; set; } = new();
    /// <summary>
    /// False for a room stored before it had an outbox: on activation it owes everything once more
    /// (receivers ignore what they have), since what it failed to tell then was kept nowhere.
    /// </summary>
    [Id(20)] public bool OutboxKept { get; set; }
    /// <summary>What the room's clock has done (<see cref="RoomClock"/>).</summary>
    [Id(21)] public RoomClockState Clock { get; set; } = new();
    /// <summary>The case's summary as it was when the room opened, for the inbox lines.</summary>
    [Id(22)] public string? Summary { get; set; }
    /// <summary>The latest version of each of the case's materials, as the case last told the room.</summary>
    [Id(23)] public List<MaterialVersion> Materials { get; set; } = [];
    /// <summary>The convener's display name when they opened the room (null: stored before names were recorded).</summary>
    [Id(30)] public string? ConvenerName { get; set; }
    /// <summary>Who closed the room, and their display name then (null: not closed, or closed before this was recorded).</summary>
    [Id(31)] public string? ClosedBy { get; set; }
    [Id(32)] public string? ClosedByName { get; set; }
    /// <summary>The version of the matter the room opened with (0: opened before matters had versions).</summary>
    [Id(40)] public int MatterVersion { get; set; }
    /// <summary>The external meeting link (https), set at the opening or since by the chair; null: none.</summary>
    [Id(50)] public string? MeetingLink { get; set; }
    /// <summary>The convener lets the applicant join the room's call (ids 51-: the call).</summary>
    [Id(51)] public bool ApplicantMayCall { get; set; }
    /// <summary>Who is in the room's call now (<see cref="RoomCall"/>): kept so that it outlives the room's activation.</summary>
    [Id(52)] public RoomCallState Call { get; set; } = new();

    public System.Collections.Immutable.ImmutableArray<MaterialVersion> CurrentMaterials => [.. Materials];

    public SeatState? SeatOf(string department) => Seats.Find(s => s.Department == department);

    /// <summary>
    /// Opens the room as <paramref name="command"/> says, every seat invited now; a future
    /// <c>scheduledAt</c> makes it <see cref="RoomStatus.Scheduled"/> until the clock starts it.
    /// </summary>
    public void Open(OpenRoomCommand command, Common.Actor convener, DateTimeOffset now)
    {
        Opened = true;
        CaseId = command.CaseId;
        CaseNumber = command.CaseNumber;
        MatterCode = command.MatterCode;
        MatterVersion = command.MatterVersion;
        Rule = command.Rule;
        Convener = convener.UserName;
        ConvenerName = convener.DisplayName;
        Summary = command.Summary;
        OpenedAt = now;
        ScheduledAt = command.ScheduledAt;
        Deadline = command.Deadline;
        var scheduled = command.ScheduledAt > now;
        Status = scheduled ? RoomStatus.Scheduled : RoomStatus.Open;
        Clock = new RoomClockState { StartedAt = scheduled ? null : now };
        Seats = [.. command.Seats.Select(s => new SeatState
        {
            Department = s.Department, Role = s.Role, Status = SeatStatus.Invited, InvitedAt = now, DeemedConsentOnTimeout = s.DeemedConsentOnTimeout,
        })];
        OutboxKept = true;
        Materials = command.Materials.IsDefault ? [] : [.. command.Materials];
        MeetingLink = command.MeetingLink;
    }

    /// <summary>
    /// Required seats with no decision: the departments a supplement notice would leave out. Closing
    /// on <see cref="JointOutcome.SupplementRequired"/> waits for them (行政许可法 Art. 32: one
    /// complete notice, not a drip of requests) until the deadline has passed; then the notice names them.
    /// </summary>
    public List<string> Unanswered() =>
        [.. Seats.Where(s => s.Role == SeatRole.Required && s.Decision is null && s.Status != SeatStatus.Recused).Select(s => s.Department)];

    public void EnsureCompleteSupplement(JointOutcome outcome, DateTimeOffset now)
    {
        if (outcome != JointOutcome.SupplementRequired || now >= Deadline || Unanswered() is not { Count: > 0 } missing)
            return;
        throw Common.ConsultException.Conflict(
            $"Closing on a supplement tells the applicant everything at once: required departments have not decided yet ({string.Join(", ", missing)}). "
            + $"Wait for them, or close after the deadline ({Deadline:u}), when the notice names them.");
    }

    /// <summary>Moves the deadline later (within a year from <paramref name="now"/>), for a stated reason; answers the previous one.</summary>
    public DateTimeOffset Extend(DateTimeOffset deadline, string reason, DateTimeOffset now)
    {
        if (deadline <= Deadline)
            throw Common.ConsultException.InvalidInput("The new deadline must be later than the current one.");
        Common.TextRules.Require(reason, "reason", DecisionRules.MaxTextLength, multiline: true);
        if (deadline > now.AddYears(1))
            throw Common.ConsultException.InvalidInput("deadline must be within a year from now.");
        var previous = Deadline;
        Deadline = deadline;
        return previous;
    }

    /// <summary>A department's first representative arrived while the room is open: answers its seat, now joined, or null.</summary>
    public SeatState? Join(Common.Actor actor)
    {
        if (!actor.IsDepartment || Status == RoomStatus.Closed || SeatOf(actor.Department!) is not { Status: SeatStatus.Invited } seat)
            return null;
        seat.Status = SeatStatus.Joined;
        return seat;
    }

    /// <summary>Closes the room with the outcome the decisions imply and the statement of <paramref name="by"/> (the convener or a manager).</summary>
    public void Close(JointOutcome outcome, string statement, DateTimeOffset now, Common.Actor by)
    {
        Status = RoomStatus.Closed;
        ClosedBy = by.UserName;
        ClosedByName = by.DisplayName;
        ClosedOutcome = outcome;
        Statement = statement.Trim();
        ClosedAt = now;
    }

    /// <summary>The seat that may record <paramref name="input"/>: invited, not copied for information, in a room still open.</summary>
    public SeatState DecidingSeat(DecisionInput input)
    {
        var seat = SeatOf(input.Department)
            ?? throw Common.ConsultException.NotInvited($"'{input.Department}' is not invited to this consultation.");
        if (Status == RoomStatus.Closed)
            throw Common.ConsultException.RoomClosed("The consultation is closed; decisions can no longer change.");
        if (Status == RoomStatus.Scheduled)
            throw Common.ConsultException.Conflict($"The session starts at {ScheduledAt:u}; decisions are taken from then on.");
        if (seat.Role == SeatRole.Notify)
            throw Common.ConsultException.Forbidden($"'{input.Department}' is copied for information and does not decide.");
        return seat;
    }

    /// <summary>The joint outcome: the one closing confirmed, or what the decisions so far imply.</summary>
    public JointOutcome Outcome() =>
        ClosedOutcome ?? JointRule.Evaluate(Rule, Seats);

    /// <summary>The room as it stands after event <paramref name="seq"/>, with who is present per seat.</summary>
    public RoomSnapshot ToSnapshot(Guid roomId, long seq, Func<string, System.Collections.Immutable.ImmutableArray<string>> present)
    {
        var materials = CurrentMaterials;
        var seats = System.Collections.Immutable.ImmutableArray.CreateBuilder<SeatView>(Seats.Count);
        foreach (var seat in Seats)
            seats.Add(seat.ToView(present(seat.Department), Clock.LastReminded.TryGetValue(seat.Department, out var reminded) ? reminded : null, materials));
        return new(
            roomId, CaseId, CaseNumber, MatterCode, Status, Convener, OpenedAt, ScheduledAt, Deadline,
            seats.MoveToImmutable(), Outcome(), Statement, ClosedAt, seq, Rule, Clock.StartedAt, [.. Clock.Cards], materials, ConvenerName, ClosedBy, ClosedByName,
            MatterVersion > 0 ? MatterVersion : null, MeetingLink, ApplicantMayCall);
    }
}

/// <summary><see cref="RoomLog.ChunkSize"/> consecutive events of a room's log, written once.</summary>
[GenerateSerializer, Alias("consult.room-grain.log-chunk")]
public sealed class RoomLogChunk
{
    [Id(0)] public List<RoomEvent> Events { get; set; } = [];
    [Id(1)] public Dictionary<long, string> Keys { get; set; } = [];
}

[GenerateSerializer, Alias("consult.room-grain.seat")]
public sealed class SeatState
{
    [Id(0)] public string Department { get; set; } = "";
    [Id(1)] public SeatRole Role { get; set; }
    [Id(2)] public SeatStatus Status { get; set; }
    [Id(3)] public DateTimeOffset InvitedAt { get; set; }
    [Id(4)] public DecisionView? Decision { get; set; }
    [Id(5)] public bool DeemedConsentOnTimeout { get; set; }
    /// <summary>The seat's first decision, of whatever kind (null: none yet, or decided before this was kept).</summary>
    [Id(6)] public DateTimeOffset? FirstDecidedAt { get; set; }
    /// <summary>The department's own first decision: neither recorded on its behalf nor deemed.</summary>
    [Id(7)] public DateTimeOffset? OwnDecidedAt { get; set; }

    /// <summary>
    /// The department's response as the figures count it: its own first decision; until there is
    /// one, the first decision made for it (on its behalf or deemed); null while undecided.
    /// </summary>
    public (DateTimeOffset At, Metrics.ResponseKind Kind)? Response =>
        OwnDecidedAt is { } own ? (own, Metrics.ResponseKind.Own)
        : Decision is not { } decision ? null
        : (FirstDecidedAt ?? decision.DecidedAt, decision.Outcome == DecisionOutcome.DeemedConsent ? Metrics.ResponseKind.Deemed
            : decision.OnBehalf ? Metrics.ResponseKind.OnBehalf : Metrics.ResponseKind.Own);

    /// <summary>Records a decision (a revision replaces the last one); answers its revision number.</summary>
    /// <remarks><paramref name="materials"/>: the versions the decision is cast on (the room's latest).</remarks>
    public int Record(DecisionInput input, System.Collections.Immutable.ImmutableArray<string> conditions, string decidedBy, DateTimeOffset now,
        System.Collections.Immutable.ImmutableArray<MaterialVersion> materials, string? decidedByName = null)
    {
        var revision = (Decision?.Revision ?? 0) + 1;
        FirstDecidedAt ??= Decision?.DecidedAt ?? now;
        if (OwnDecidedAt is null && !input.OnBehalf && input.Outcome != DecisionOutcome.DeemedConsent)
            OwnDecidedAt = Decision is null || Decision.OnBehalf || Decision.Outcome == DecisionOutcome.DeemedConsent ? now : FirstDecidedAt;
        Decision = new DecisionView(input.Outcome, input.Comment?.Trim(), conditions, decidedBy, now, revision, input.OnBehalf, materials, DecidedByName: decidedByName);
        Status = input.Outcome == DecisionOutcome.Recuse ? SeatStatus.Recused : SeatStatus.Decided;
        return revision;
    }

    public SeatView ToView(System.Collections.Immutable.ImmutableArray<string> present, DateTimeOffset? lastReminded, System.Collections.Immutable.ImmutableArray<MaterialVersion> materials) =>
        new(Department, Role, Status, InvitedAt, MaterialVersions.Flag(Decision, materials), present, DeemedConsentOnTimeout, lastReminded);
}
