using System.Collections.Immutable;
using System.Text.Json;
using Consult.Cases;
using Consult.Catalog;
using Consult.Common;
using Consult.Departments;
using Consult.Hosting;
using Consult.Metrics;
using Consult.Outbox;
using Consult.Realtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace Consult.Rooms;

/// <summary>
/// One consultation room. The grain is the single writer of the room: every command is checked
/// against the caller and the room's rules, appended to the event log with the next <c>seq</c>, and
/// persisted in one write before the answer leaves; what others derive from it (the case, the
/// department inboxes, the metrics) is recorded in the same write, in the room's outbox, and
/// delivered afterwards until acknowledged (<see cref="GrainOutbox"/>).
/// </summary>
/// <remarks>
/// The whole log is held in memory while the room is active. What is written on each change is
/// bounded: the seats and the log's unsealed tail. Every <see cref="ChunkSize"/> events, the oldest
/// persisted tail events are sealed into a <see cref="RoomLogChunk"/> (its own row, written once,
/// alongside the next state write); the state stops carrying them only after the chunk is durable.
/// </remarks>
public sealed partial class ConsultationGrain(
    [PersistentState(StateNames.Room, StorageNames.Consult)] IPersistentState<RoomState> store,
    TimeProvider time,
    IOptions<OutboxOptions> outboxOptions,
    ILogger<ConsultationGrain> logger) : Grain, IConsultationGrain, IIncomingGrainCallFilter, IRecoversFromFailedWrites, IRemindable
{
    public const int MaxTextLength = 2000;
    public const int MaxStatementLength = 4000;
    public const int MaxKeyLength = 128;
    public const int MaxConditions = 50;
    /// <summary>Events per sealed chunk of the log.</summary>
    public const int ChunkSize = 8;

    // Volatile by design: who is connected lives as long as the connections, and the nodes holding
    // them report it again on every renewal (Watch), so a reactivated room learns it back.
    private readonly ObserverManager<string, IRoomRelay> _relays = new(RelayTimings.Expiry, logger);
    private readonly Dictionary<string, (string NodeId, PresenceEntry Entry)> _presence = [];
    // Who is present per department, as snapshots show it; cleared whenever presence changes.
    private readonly Dictionary<string, ImmutableArray<string>> _presentIn = [];
    private readonly Dictionary<string, IDepartmentGrain> _departments = new(StringComparer.Ordinal);
    private ICaseGrain? _case;
    private IMetricsGrain? _metrics;
    private long _publishedSeq;
    private GrainOutbox? _outbox;
    // A write failed and so did the reload: what is in memory may hold a change the store refused.
    private bool _stale;

    // The whole log (sealed chunks and tail), and what it indexes: the seq recorded under each
    // decision's idempotency key (per seat: two departments may use the same key) and each
    // message's author and client message id.
    private readonly List<RoomEvent> _log = [];
    private readonly Dictionary<long, string> _keyOf = [];
    private readonly Dictionary<(string Department, string Key), long> _decisionKeys = [];
    private readonly Dictionary<string, long> _messageKeys = new(StringComparer.Ordinal);
    private SideRows? _chunks;
    // Events in durable chunks; events known to be durable (in chunks or in the last state written).
    private int _sealed;
    // Chunk rows stored: the next chunk's index. Counted, not derived from the chunk size, so a room
    // sealed with another chunk size before keeps a gapless row sequence.
    private int _chunkCount;
    private int _durable;

    private RoomState State => store.State;
    private Guid RoomId => this.GetPrimaryKey();
    private SideRows Chunks => _chunks ??= new SideRows(GrainContext);
    private GrainOutbox Outbox => _outbox ??= new GrainOutbox(this, () => State.Outbox, Deliver, Persist, outboxOptions.Value, logger);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await LoadLog();
        _publishedSeq = _log.Count;
        if (State.Opened && !State.OutboxKept)
        {
            // Stored before rooms kept an outbox: whatever it failed to tell then is owed again.
            OweEverything();
            State.OutboxKept = true;
        }

        // The previous activation may have died between persisting a change and delivering it.
        Outbox.Resume();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Outbox.OnReminder(reminderName);

    private static string ChunkName(int index) => SideRows.Name(StateNames.RoomLog, index);

    /// <summary>
    /// Rebuilds the log from the sealed chunks (read until one is missing: a chunk may be durable
    /// before the state that says so) and the state's tail.
    /// </summary>
    private async Task LoadLog()
    {
        _log.Clear();
        _keyOf.Clear();
        _decisionKeys.Clear();
        _messageKeys.Clear();
        for (var index = 0; ; index++)
        {
            var chunk = await Chunks.Read<RoomLogChunk>(ChunkName(index));
            if (chunk is null)
            {
                _chunkCount = index;
                break;
            }

            Restore(chunk.State!.Events, chunk.State.Keys);
        }

        _sealed = _log.Count;
        Restore(State.Events, State.TailKeys);
        _durable = _log.Count;
    }

    private void Restore(List<RoomEvent> events, Dictionary<long, string> keys)
    {
        foreach (var stored in events)
        {
            if (stored.Seq <= _log.Count)
                continue;
            if (stored.Seq != _log.Count + 1)
                throw new InvalidOperationException($"Room {RoomId}: its stored log jumps from seq {_log.Count} to {stored.Seq}.");
            _log.Add(stored);
            if (keys.TryGetValue(stored.Seq, out var key))
                Index(stored, key);
        }
    }

    /// <summary>
    /// Indexes an event's key. Stored keys are the client's key as given (rows stored before keys
    /// were scoped per seat read the same); a decision's seat is taken from its event when not given.
    /// </summary>
    private void Index(RoomEvent recorded, string key, string? department = null)
    {
        _keyOf[recorded.Seq] = key;
        if (recorded.Type == RoomEventTypes.DecisionCast)
            _decisionKeys[(department ?? Recorded(recorded).Department, key)] = recorded.Seq;
        else if (recorded.Type == RoomEventTypes.MessagePosted)
            _messageKeys[key] = recorded.Seq;
    }

    /// <summary>A stale room reads the store before anything else; while the store is away, the call fails.</summary>
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (_stale)
            await Reload();
        await context.Invoke();
    }

    public async Task<RoomSnapshot> Open(Actor convener, OpenRoomCommand command)
    {
        if (State.Opened)
        {
            // The case retries opening the room it reserved (a write failed after this one's, or this
            // one failed after landing, before the inboxes and metrics were told): tell them again.
            if (State.CaseId != command.CaseId)
                throw ConsultException.Conflict($"Room {RoomId} is open already.");
            if (State.Status != RoomStatus.Closed)
            {
                // Kept in memory only: the first opening's entries were written with it.
                OweOpening();
                await Outbox.Deliver(later: CaseRoomProgressNotice.Receiver);
            }

            return Snapshot();
        }

        if (command.Seats.IsDefaultOrEmpty)
            throw ConsultException.InvalidInput("A consultation needs at least one department.");

        var now = time.GetUtcNow();
        State.Opened = true;
        State.CaseId = command.CaseId;
        State.CaseNumber = command.CaseNumber;
        State.MatterCode = command.MatterCode;
        State.Rule = command.Rule;
        State.Convener = convener.UserName;
        State.OpenedAt = now;
        State.ScheduledAt = command.ScheduledAt;
        State.Deadline = command.Deadline;
        State.Status = RoomStatus.Open;
        State.Seats = [.. command.Seats.Select(s => new SeatState { Department = s.Department, Role = s.Role, Status = SeatStatus.Invited, InvitedAt = now })];
        State.OutboxKept = true;
        OweOpening();
        // The case learns the room from this call's answer; told again shortly after, it takes the
        // room even if its own write failed after this one.
        Outbox.Add(new CaseRoomProgressNotice());
        Append(convener, RoomEventTypes.RoomOpened, new
        {
            caseId = command.CaseId,
            caseNumber = command.CaseNumber,
            matterCode = command.MatterCode,
            rule = command.Rule,
            convener = convener.UserName,
            scheduledAt = command.ScheduledAt,
            deadline = command.Deadline,
            seats = command.Seats,
        });
        await Outbox.Secure();
        await Persist();

        // Not the case now: it is waiting for this call.
        await Outbox.Deliver(later: CaseRoomProgressNotice.Receiver);
        return Snapshot();
    }

    private void OweOpening()
    {
        foreach (var seat in State.Seats)
            Outbox.Add(new InboxLineNotice(seat.Department, InvitationFor(seat)));
        Outbox.Add(new MetricsRoomOpenedNotice());
    }

    public Task<RoomSnapshot> Get(Actor actor)
    {
        EnsureCanSee(actor);
        return Task.FromResult(Snapshot());
    }

    public Task<RoomSnapshot?> GetForCase() => Task.FromResult(State.Opened ? Snapshot() : null);

    public Task<ImmutableArray<RoomEvent>> GetEvents(Actor actor, long afterSeq)
    {
        EnsureCanSee(actor);
        if (afterSeq < 0)
            throw ConsultException.InvalidInput("afterSeq must be zero or more.");
        var events = afterSeq >= _log.Count
            ? ImmutableArray<RoomEvent>.Empty
            : [.. _log.Skip((int)afterSeq)];
        return Task.FromResult(events);
    }

    public async Task<RoomSnapshot> Join(Actor actor)
    {
        EnsureCanSee(actor);
        if (MarkJoined(actor))
            await Persist();
        return Snapshot();
    }

    public async Task<RoomSnapshot> Connect(Actor actor, string nodeId, string connectionId)
    {
        EnsureCanSee(actor);
        var changed = MarkJoined(actor);
        changed |= AddPresence(nodeId, new PresenceEntry(connectionId, actor.UserName, actor.Department));
        if (changed)
            await Persist();
        return Snapshot();
    }

    public async Task Disconnect(string nodeId, string connectionId)
    {
        if (RemovePresence(connectionId))
            await Persist();
    }

    public async Task<long> Watch(string nodeId, IRoomRelay relay, ImmutableArray<PresenceEntry> connections)
    {
        EnsureExists();
        _relays.Subscribe(nodeId, relay);
        var changed = false;
        var reported = connections.Select(c => c.ConnectionId).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _presence.Where(p => p.Value.NodeId == nodeId && !reported.Contains(p.Key)).Select(p => p.Key).ToList())
            changed |= RemovePresence(gone);
        // Connections reported again (this room restarted, or a join raced a renewal) are restored
        // silently: their people never left.
        foreach (var connection in connections)
            AddPresence(nodeId, connection, announce: false);

        // A node that stopped renewing (it died) takes its connections with it.
        _relays.ClearExpired();
        var live = _relays.Observers.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var orphan in _presence.Where(p => !live.Contains(p.Value.NodeId)).Select(p => p.Key).ToList())
            changed |= RemovePresence(orphan);

        if (changed)
            await Persist();
        return _log.Count;
    }

    public async Task Unwatch(string nodeId)
    {
        _relays.Unsubscribe(nodeId);
        var changed = false;
        foreach (var connection in _presence.Where(p => p.Value.NodeId == nodeId).Select(p => p.Key).ToList())
            changed |= RemovePresence(connection);
        if (changed)
            await Persist();
    }

    public async Task<RoomSnapshot> CastDecision(Actor actor, DecisionInput input)
    {
        EnsureExists();
        TextRules.RequireKey(input.IdempotencyKey, "idempotencyKey", MaxKeyLength);
        if (input.OnBehalf)
            EnsureChair(actor);
        else if (!actor.IsDepartment || !string.Equals(actor.Department, input.Department, StringComparison.Ordinal))
            throw ConsultException.Forbidden($"Only a representative of '{input.Department}' decides for it.");

        if (_decisionKeys.TryGetValue((input.Department, input.IdempotencyKey), out var firstSeq))
        {
            if (!SameDecision(_log[(int)firstSeq - 1], input))
                throw ConsultException.Conflict($"idempotencyKey '{input.IdempotencyKey}' was used for a different decision.");
            return Snapshot();
        }

        var seat = SeatOf(input.Department)
            ?? throw ConsultException.NotInvited($"'{input.Department}' is not invited to this consultation.");
        if (State.Status == RoomStatus.Closed)
            throw ConsultException.RoomClosed("The consultation is closed; decisions can no longer change.");
        if (seat.Role == SeatRole.Notify)
            throw ConsultException.Forbidden($"'{input.Department}' is copied for information and does not decide.");
        var conditions = Validate(input);

        var now = time.GetUtcNow();
        var firstDecision = seat.Decision is null;
        var revision = (seat.Decision?.Revision ?? 0) + 1;
        seat.Decision = new DecisionView(input.Outcome, input.Comment?.Trim(), conditions, actor.UserName, now, revision, input.OnBehalf);
        seat.Status = input.Outcome == DecisionOutcome.Recuse ? SeatStatus.Recused : SeatStatus.Decided;
        Append(actor, RoomEventTypes.DecisionCast, input.IdempotencyKey, seat.Department, new
        {
            department = seat.Department,
            outcome = input.Outcome,
            comment = seat.Decision.Comment,
            conditions,
            revision,
            onBehalf = input.OnBehalf,
            status = seat.Status,
            jointOutcome = CurrentOutcome(),
        }, now);
        // The inbox line and the metrics change only with the first decision (a revision decides
        // nothing new for them). No reminder is registered here, to keep the decision path at one
        // write: these entries are delivered right after it, a failure registers the reminder, and
        // if the node dies in between, the room's next activation delivers them (an open room is
        // woken again: by its watchers, its close, or its deadline).
        if (firstDecision)
        {
            Outbox.Add(new InboxLineNotice(seat.Department, InvitationFor(seat)));
            Outbox.Add(new MetricsFirstDecisionNotice(seat.Department, seat.InvitedAt, now));
        }

        await Persist();

        var snapshot = Snapshot();
        await Outbox.Deliver();
        // The case's followers only: lossy by design (the next decision makes up for a lost one).
        TheCase.OnRoomMoved(snapshot).Ignore();
        return snapshot;
    }

    public async Task<RoomEvent> PostMessage(Actor actor, ChatMessage message)
    {
        EnsureCanSee(actor);
        TextRules.Require(message.Text, "text", MaxTextLength, multiline: true);
        TextRules.RequireKey(message.ClientMessageId, "clientMessageId", MaxKeyLength);

        var key = $"{actor.UserName}\n{message.ClientMessageId}";
        if (_messageKeys.TryGetValue(key, out var seq))
            return _log[(int)seq - 1];
        EnsureOpen();

        var posted = Append(actor, RoomEventTypes.MessagePosted, key, new
        {
            text = message.Text.Trim(),
            clientMessageId = message.ClientMessageId,
            department = actor.Department,
            role = actor.Role,
        });
        await Persist();
        return posted;
    }

    public async Task<RoomSnapshot> Invite(Actor actor, string department, SeatRole role)
    {
        EnsureChair(actor);
        EnsureOpen();
        var catalog = await GrainFactory.GetGrain<ICatalogGrain>(0).Get();
        if (!catalog.Departments.Any(d => d.Code == department))
            throw ConsultException.InvalidInput($"Unknown department '{department}'.");
        if (SeatOf(department) is not null)
            throw ConsultException.Conflict($"'{department}' is invited already.");

        var seat = new SeatState { Department = department, Role = role, Status = SeatStatus.Invited, InvitedAt = time.GetUtcNow() };
        State.Seats.Add(seat);
        // The event's time is the seat's invitation time: a board moving its copy forward shows the same.
        Append(actor, RoomEventTypes.SeatInvited, null, new { department, role, jointOutcome = CurrentOutcome() }, seat.InvitedAt);
        Outbox.Add(new InboxLineNotice(department, InvitationFor(seat)));
        Outbox.Add(new CaseDepartmentInvitedNotice(department));
        Outbox.Add(new CaseRoomProgressNotice());
        await Outbox.Secure();
        await Persist();

        await Outbox.Deliver();
        return Snapshot();
    }

    public async Task<RoomSnapshot> ExtendDeadline(Actor actor, DateTimeOffset deadline, string reason)
    {
        EnsureChair(actor);
        EnsureOpen();
        if (deadline <= State.Deadline)
            throw ConsultException.InvalidInput("The new deadline must be later than the current one.");
        TextRules.Require(reason, "reason", MaxTextLength, multiline: true);
        if (deadline > time.GetUtcNow().AddYears(1))
            throw ConsultException.InvalidInput("deadline must be within a year from now.");

        var previous = State.Deadline;
        State.Deadline = deadline;
        Append(actor, RoomEventTypes.DeadlineExtended, new { previous, deadline, reason = reason.Trim() });
        foreach (var seat in State.Seats)
            Outbox.Add(new InboxLineNotice(seat.Department, InvitationFor(seat)));
        Outbox.Add(new MetricsDeadlineNotice(deadline));
        Outbox.Add(new CaseRoomProgressNotice());
        await Outbox.Secure();
        await Persist();

        await Outbox.Deliver();
        return Snapshot();
    }

    public async Task<RoomSnapshot> Close(Actor actor, string statement, long? expectedSeq = null)
    {
        EnsureChair(actor);
        EnsureOpen();
        if (expectedSeq is < 0)
            throw ConsultException.InvalidInput("expectedSeq must be zero or more.");
        if (expectedSeq is { } seen && seen != _log.Count)
            throw ConsultException.Conflict($"The room changed since seq {seen} (now {_log.Count}); look at the board again before closing.");
        TextRules.Require(statement, "statement", MaxStatementLength, multiline: true);
        var outcome = CurrentOutcome();
        if (outcome == JointOutcome.Pending)
            throw ConsultException.Conflict("The joint outcome is still pending: wait for the missing decisions, or invite another department.");

        var now = time.GetUtcNow();
        State.Status = RoomStatus.Closed;
        State.ClosedOutcome = outcome;
        State.Statement = statement.Trim();
        State.ClosedAt = now;
        Append(actor, RoomEventTypes.RoomClosed, new { jointOutcome = outcome, statement = State.Statement, closedAt = now });
        OweClosing();
        // Nothing else wakes a closed room: the reminder is in place before the write, so what
        // the close owes is delivered even if this node dies right after it.
        await Outbox.Secure();
        await Persist();

        await Outbox.Deliver();
        return Snapshot();
    }

    private static ImmutableArray<string> Validate(DecisionInput input)
    {
        if (!Enum.IsDefined(input.Outcome))
            throw ConsultException.InvalidInput("Unknown outcome.");
        if (!string.IsNullOrWhiteSpace(input.Comment))
            TextRules.Require(input.Comment, "comment", MaxTextLength, multiline: true);
        else if (input.Comment is { Length: > MaxTextLength })
            throw ConsultException.InvalidInput($"comment is at most {MaxTextLength} characters.");
        var conditions = TrimmedConditions(input);
        if (conditions.Length > MaxConditions)
            throw ConsultException.InvalidInput($"At most {MaxConditions} conditions of at most {MaxTextLength} characters each.");
        foreach (var condition in conditions)
            TextRules.Require(condition, "conditions[]", MaxTextLength, multiline: true);

        switch (input.Outcome)
        {
            case DecisionOutcome.ApproveWithConditions when conditions.IsEmpty:
                throw ConsultException.InvalidInput("approveWithConditions needs at least one condition.");
            case DecisionOutcome.Reject when string.IsNullOrWhiteSpace(input.Comment):
                throw ConsultException.InvalidInput("reject needs a reason (the legal basis) in comment.");
            case DecisionOutcome.RequestSupplement when string.IsNullOrWhiteSpace(input.Comment):
                throw ConsultException.InvalidInput("requestSupplement needs a comment saying what is missing.");
            case DecisionOutcome.Recuse when string.IsNullOrWhiteSpace(input.Comment):
                throw ConsultException.InvalidInput("recuse needs a reason in comment.");
        }

        return input.Outcome == DecisionOutcome.ApproveWithConditions ? conditions : [];
    }

    /// <summary>The conditions as they are recorded: trimmed, empty ones dropped.</summary>
    private static ImmutableArray<string> TrimmedConditions(DecisionInput input) =>
        input.Conditions is { IsDefault: false } given ? [.. given.Select(c => c?.Trim() ?? "").Where(c => c.Length > 0)] : [];

    /// <summary>Whether a resent decision is the one recorded under its key (compared as recorded: trimmed).</summary>
    private static bool SameDecision(RoomEvent recorded, DecisionInput input)
    {
        var first = Recorded(recorded);
        var conditions = input.Outcome == DecisionOutcome.ApproveWithConditions ? TrimmedConditions(input) : [];
        return first.Department == input.Department
            && first.Outcome == input.Outcome
            && (first.Comment ?? "") == (input.Comment?.Trim() ?? "")
            && (first.Conditions.IsDefault ? [] : first.Conditions).SequenceEqual(conditions)
            && first.OnBehalf == input.OnBehalf;
    }

    private static RecordedDecision Recorded(RoomEvent decisionCast) =>
        JsonSerializer.Deserialize<RecordedDecision>(decisionCast.Payload, ConsultJson.Options)!;

    private sealed record RecordedDecision(string Department, DecisionOutcome Outcome, string? Comment, ImmutableArray<string> Conditions, bool OnBehalf);

    private JointOutcome CurrentOutcome() =>
        State.ClosedOutcome ?? JointRule.Evaluate(State.Rule, State.Seats.Select(s => new SeatTally(s.Department, s.Role, s.Decision?.Outcome, s.Decision?.Conditions ?? [])));

    private RoomSnapshot Snapshot() => new(
        RoomId,
        State.CaseId,
        State.CaseNumber,
        State.MatterCode,
        State.Status,
        State.Convener,
        State.OpenedAt,
        State.ScheduledAt,
        State.Deadline,
        [.. State.Seats.Select(s => s.ToView(PresentIn(s.Department)))],
        CurrentOutcome(),
        State.Statement,
        State.ClosedAt,
        _log.Count,
        State.Rule);

    private RoomEvent Append(Actor actor, string type, object payload) => Append(actor, type, null, payload);

    private RoomEvent Append(Actor actor, string type, string? key, object payload, DateTimeOffset? at = null) => Append(actor, type, key, null, payload, at);

    /// <summary>
    /// Adds an event to the log (not yet persisted); <paramref name="key"/> makes its command
    /// idempotent (within <paramref name="department"/>'s seat, for a decision).
    /// </summary>
    private RoomEvent Append(Actor actor, string type, string? key, string? department, object payload, DateTimeOffset? at = null)
    {
        var added = new RoomEvent(
            RoomId,
            _log.Count + 1,
            at ?? time.GetUtcNow(),
            actor.UserName,
            type,
            JsonSerializer.Serialize(payload, ConsultJson.Options));
        _log.Add(added);
        if (key is not null)
            Index(added, key, department);
        return added;
    }

    /// <summary>
    /// Writes the state. If the write fails, the in-memory state (already changed) no longer matches
    /// what is stored: reload it, so the failed command leaves no trace, and rethrow. If the store
    /// cannot be read either (it is away), the room is marked stale and reloads before its next
    /// call; it stays active so that it keeps its watchers and tells them as soon as the store is back.
    /// </summary>
    private async Task Persist()
    {
        // Seal the oldest durable tail events into the next chunk, written beside the state; the
        // state drops them only once the chunk is durable (the write after this one).
        Task? sealing = null;
        if (_durable - _sealed >= ChunkSize)
            sealing = Seal(_chunkCount, _sealed);

        State.SealedCount = _sealed;
        State.Events = _log.GetRange(_sealed, _log.Count - _sealed);
        State.TailKeys = KeysOf(_sealed, _log.Count);
        try
        {
            await store.WriteStateAsync();
        }
        catch (Exception writeFailure)
        {
            if (sealing is not null)
                await sealing;
            _publishedSeq = Math.Min(_publishedSeq, _log.Count);
            LogWriteFailed(logger, writeFailure, RoomId);
            try
            {
                await Reload();
            }
            catch (Exception readFailure)
            {
                LogReloadFailed(logger, readFailure, RoomId);
                _stale = true;
            }

            throw;
        }

        _durable = _log.Count;
        Outbox.Written();
        if (sealing is not null)
            await sealing;
        Publish();
    }

    /// <summary>The keys of the events after seq <paramref name="after"/> up to <paramref name="last"/>: work bounded by the range, not the log.</summary>
    private Dictionary<long, string> KeysOf(long after, long last)
    {
        var keys = new Dictionary<long, string>();
        for (var seq = after + 1; seq <= last; seq++)
        {
            if (_keyOf.TryGetValue(seq, out var key))
                keys[seq] = key;
        }

        return keys;
    }

    /// <summary>
    /// Writes chunk <paramref name="index"/>: the <see cref="ChunkSize"/> events after the first
    /// <paramref name="first"/>. A failure is logged and sealing is tried again on the next write.
    /// </summary>
    private async Task Seal(int index, int first)
    {
        var chunk = new RoomLogChunk
        {
            Events = _log.GetRange(first, ChunkSize),
            Keys = KeysOf(first, first + ChunkSize),
        };
        try
        {
            await Chunks.Write(ChunkName(index), new GrainState<RoomLogChunk>(chunk));
            Sealed(index, first + ChunkSize);
        }
        catch (Exception e)
        {
            LogSealFailed(logger, e, RoomId, index);
            // A write reported as failed may have landed all the same: then the chunk is there to read.
            try
            {
                var stored = await Chunks.Read<RoomLogChunk>(ChunkName(index));
                if (stored?.State is { Events.Count: ChunkSize } found && found.Events[0].Seq == first + 1)
                    Sealed(index, first + ChunkSize);
            }
            catch (Exception)
            {
                // The store is away: sealing is tried again on the next write.
            }
        }
    }

    private void Sealed(int index, int events)
    {
        _sealed = Math.Max(_sealed, events);
        _chunkCount = Math.Max(_chunkCount, index + 1);
    }

    /// <summary>
    /// Reads what is stored. A write reported as failed may still have landed (the store answered
    /// too late): its events are stored, so they are published like any other.
    /// </summary>
    private async Task Reload()
    {
        await store.ReadStateAsync();
        await LoadLog();
        _stale = false;
        _publishedSeq = Math.Min(_publishedSeq, _log.Count);
        Publish();
    }

    /// <summary>Hands the events just persisted to every node's relay, in order.</summary>
    private void Publish()
    {
        if (_publishedSeq >= _log.Count)
            return;
        var fresh = _log.GetRange((int)_publishedSeq, _log.Count - (int)_publishedSeq);
        _publishedSeq = _log.Count;
        if (_relays.Count == 0)
            return;
        _ = _relays.Notify(relay =>
        {
            foreach (var roomEvent in fresh)
                relay.OnRoomEvent(roomEvent);
            return Task.CompletedTask;
        });
    }

    private bool MarkJoined(Actor actor)
    {
        if (!actor.IsDepartment || State.Status != RoomStatus.Open || SeatOf(actor.Department!) is not { Status: SeatStatus.Invited } seat)
            return false;
        seat.Status = SeatStatus.Joined;
        Append(actor, RoomEventTypes.SeatJoined, new { department = seat.Department, status = seat.Status });
        return true;
    }

    /// <summary>Adds a connection; true when that made its person present (an event was appended).</summary>
    private bool AddPresence(string nodeId, PresenceEntry entry, bool announce = true)
    {
        if (_presence.ContainsKey(entry.ConnectionId))
            return false;
        var first = !_presence.Values.Any(p => p.Entry.UserName == entry.UserName);
        _presence[entry.ConnectionId] = (nodeId, entry);
        _presentIn.Clear();
        return announce && first && AppendPresence(entry, connected: true);
    }

    /// <summary>Removes a connection; true when its person has no connection left (an event was appended).</summary>
    private bool RemovePresence(string connectionId)
    {
        if (!_presence.Remove(connectionId, out var removed))
            return false;
        _presentIn.Clear();
        var last = !_presence.Values.Any(p => p.Entry.UserName == removed.Entry.UserName);
        return last && AppendPresence(removed.Entry, connected: false);
    }

    private bool AppendPresence(PresenceEntry entry, bool connected)
    {
        if (State.Status != RoomStatus.Open)
            return false;
        Append(new Actor(entry.UserName, "", entry.Department), RoomEventTypes.PresenceChanged, new
        {
            userName = entry.UserName,
            department = entry.Department,
            connected,
            connections = _presence.Values.Count(p => p.Entry.UserName == entry.UserName),
        });
        return true;
    }

    private ImmutableArray<string> PresentIn(string department)
    {
        if (!_presentIn.TryGetValue(department, out var present))
        {
            _presentIn[department] = present =
                [.. _presence.Values.Where(p => p.Entry.Department == department).Select(p => p.Entry.UserName).Distinct().Order(StringComparer.Ordinal)];
        }

        return present;
    }

    private void OweClosing()
    {
        foreach (var seat in State.Seats)
            Outbox.Add(new InboxLineNotice(seat.Department, null));
        Outbox.Add(new CaseRoomClosedNotice());
        Outbox.Add(new MetricsRoomClosedNotice(State.ClosedAt!.Value, State.ClosedOutcome!.Value));
    }

    /// <summary>Everything the room's state implies for the others; each receiver ignores what it has already.</summary>
    private void OweEverything()
    {
        OweOpening();
        foreach (var seat in State.Seats)
        {
            Outbox.Add(new CaseDepartmentInvitedNotice(seat.Department));
            if (seat.Decision is not null)
                Outbox.Add(new MetricsFirstDecisionNotice(seat.Department, seat.InvitedAt, seat.Decision.DecidedAt));
        }

        Outbox.Add(new CaseRoomProgressNotice());
        if (State.Status == RoomStatus.Closed)
            OweClosing();
    }

    /// <summary>Delivers one outbox entry; the room's snapshot is taken as it is now, the newest.</summary>
    private Task Deliver(OutboxEntry entry) => entry switch
    {
        InboxLineNotice { Line: { } line } notice => Department(notice.Department).Upsert(line),
        InboxLineNotice notice => Department(notice.Department).Remove(RoomId),
        CaseDepartmentInvitedNotice notice => TheCase.OnDepartmentInvited(RoomId, notice.Department),
        // One-way: a nudge carrying the room as it is now, which the room never waits on, so it
        // cannot deadlock with a case that is calling this room (opening it, reading it).
        CaseRoomProgressNotice => TheCase.OnRoomMoved(Snapshot()),
        CaseRoomClosedNotice => TheCase.OnRoomClosed(Snapshot()),
        MetricsRoomOpenedNotice => Metrics.RoomOpened(RoomId, State.CaseNumber, State.MatterCode, State.OpenedAt, State.Deadline),
        MetricsFirstDecisionNotice notice => Metrics.FirstDecision(RoomId, notice.Department, notice.InvitedAt, notice.DecidedAt),
        MetricsDeadlineNotice notice => Metrics.DeadlineChanged(RoomId, notice.Deadline),
        MetricsRoomClosedNotice notice => Metrics.RoomClosed(RoomId, notice.ClosedAt, notice.Outcome),
        _ => throw new InvalidOperationException($"A room does not deliver {entry.GetType().Name}."),
    };

    // Grain references, made once per activation (GetGrain resolves the interface type every time;
    // it showed in the decision path's profile). The case and the metrics day do not change once
    // the room is open.
    private ICaseGrain TheCase => State.Opened ? _case ??= GrainFactory.GetGrain<ICaseGrain>(State.CaseId) : GrainFactory.GetGrain<ICaseGrain>(State.CaseId);

    private IMetricsGrain Metrics => State.Opened
        ? _metrics ??= GrainFactory.GetGrain<IMetricsGrain>(IMetricsGrain.KeyFor(State.OpenedAt, RoomId))
        : GrainFactory.GetGrain<IMetricsGrain>(IMetricsGrain.KeyFor(State.OpenedAt, RoomId));

    private IDepartmentGrain Department(string code)
    {
        if (!_departments.TryGetValue(code, out var department))
            _departments[code] = department = GrainFactory.GetGrain<IDepartmentGrain>(code);
        return department;
    }

    private Invitation InvitationFor(SeatState seat) =>
        new(RoomId, State.CaseId, State.CaseNumber, State.MatterCode, seat.Role, seat.InvitedAt, State.Deadline, seat.Decision is not null);

    private SeatState? SeatOf(string department) => State.Seats.Find(s => s.Department == department);

    private void EnsureExists()
    {
        if (!State.Opened)
            throw ConsultException.NotFound($"No consultation {RoomId}.");
    }

    private void EnsureOpen()
    {
        if (State.Status == RoomStatus.Closed)
            throw ConsultException.RoomClosed("The consultation is closed.");
    }

    private void EnsureCanSee(Actor actor)
    {
        EnsureExists();
        if (actor.IsStaff)
            return;
        if (actor.IsDepartment && actor.Department is not null && SeatOf(actor.Department) is not null)
            return;
        throw actor.IsDepartment
            ? ConsultException.NotInvited($"'{actor.Department}' is not invited to this consultation.")
            : ConsultException.Forbidden("You may not see this consultation.");
    }

    /// <summary>Only the convener, or a manager, chairs: invites, extends, closes.</summary>
    private void EnsureChair(Actor actor)
    {
        EnsureExists();
        if (actor.IsManager || (actor.IsWindow && actor.UserName == State.Convener))
            return;
        throw ConsultException.Forbidden("Only the convener or a manager may do this.");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Persisting room {RoomId} failed; the command is refused")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, Guid roomId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reloading room {RoomId} after a failed write failed; it reloads before its next call")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception, Guid roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId} could not seal chunk {Index} of its log; it stays in the state and is sealed on a later write")]
    private static partial void LogSealFailed(ILogger logger, Exception exception, Guid roomId, int index);

}
