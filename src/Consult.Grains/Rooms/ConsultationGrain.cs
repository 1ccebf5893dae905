using System.Collections.Immutable;
using Consult.Catalog;
using Consult.Common;
using Consult.Hosting;
using Consult.Outbox;
using Consult.Realtime;
using Consult.Rooms.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Consult.Rooms;

/// <summary>
/// One consultation room. The grain is the single writer of the room: every command is checked
/// against the caller and the room's rules (<see cref="DecisionRules"/>, <see cref="JointRule"/>),
/// appended to its <see cref="RoomLog"/> with the next <c>seq</c>, and persisted in one write
/// before the answer leaves; what others derive from it (the case, the department inboxes, the
/// metrics) is recorded in the same write, in the room's outbox, and delivered afterwards until
/// acknowledged (<see cref="GrainOutbox"/>). Who is connected (<see cref="RoomPresence"/>) is
/// never stored: the relays are told, unsequenced.
/// </summary>
public sealed partial class ConsultationGrain(
    [PersistentState(StateNames.Room, StorageNames.Consult)] IPersistentState<RoomState> store,
    TimeProvider time,
    IOptions<OutboxOptions> outboxOptions,
    IOptions<ClockOptions> clockOptions,
    Telemetry.ConsultMetrics metrics,
    ILogger<ConsultationGrain> logger,
    Realtime.ILocalRoomRelay? localRelay = null)
    : Grain, IConsultationGrain, IRoomLogDiagnostics, IRecoversFromFailedWrites, IRemindable
{
    public const int MaxTextLength = DecisionRules.MaxTextLength;
    public const int MaxStatementLength = 4000;
    public const int MaxKeyLength = 128;
    public const int MaxPage = 200;
    /// <summary>Events per sealed chunk of the log.</summary>
    public const int ChunkSize = RoomLog.ChunkSize;

    private readonly RoomWatchers _relays = new(logger, metrics, localRelay);
    private readonly RoomPresence _presence = new();
    private long _publishedSeq;
    private RoomNotices? _notices;
    private RoomLog? _log;
    private RoomAlarm? _alarm;
    private RoomCallGrace _callGrace = new(restored: false);
    // A write failed and so did the reload: what is in memory may hold a change the store refused.
    private bool _stale;
    // Until when the case has followers and wants the room's progress with every decision
    // (FollowMoves); not persisted: a new activation reports nothing until the case asks again.
    private DateTimeOffset _caseFollowedUntil;

    private RoomState State => store.State;
    private Guid RoomId => this.GetPrimaryKey();
    private RoomLog Log => _log ??= new RoomLog(RoomId, new SideRows(GrainContext), logger);
    private RoomNotices Notices => _notices ??= new RoomNotices(this, GrainFactory, () => State, Snapshot, Persist, outboxOptions.Value, logger);
    private GrainOutbox Outbox => Notices.Outbox;
    private RoomAlarm Alarm => _alarm ??= new RoomAlarm(this, () => State, time, clockOptions.Value, logger);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await Log.Load(State);
        _publishedSeq = Log.Count;
        _callGrace = new RoomCallGrace(restored: State.Call.Members.Count > 0);
        if (State.Opened && !State.OutboxKept)
        {
            // Stored before rooms kept an outbox: whatever it failed to tell then is owed again.
            Notices.OweEverything();
            State.OutboxKept = true;
        }

        // The previous activation may have died between persisting a change and delivering it.
        Outbox.Resume();
        await Alarm.Resume();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == RoomAlarm.ReminderName ? Tick() : Outbox.OnReminder(reminderName);

    public Task<RoomLogStats> GetLogStats() => Task.FromResult(Log.Stats);

    public Task<string> GetActivationId() => Task.FromResult(GrainContext.ActivationId.ToString());

    /// <summary>A stale room reads the store before anything else; while the store is away, the call fails.</summary>
    Task? IRecoversFromFailedWrites.ReloadIfStale() => _stale ? Reload() : null;

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
                Notices.OweOpening();
                await Outbox.Deliver(later: CaseRoomProgressNotice.Receiver);
            }

            return Snapshot();
        }

        if (command.Seats.IsDefaultOrEmpty)
            throw ConsultException.InvalidInput("A consultation needs at least one department.");

        var now = time.GetUtcNow();
        State.Open(command, convener, now);
        Notices.OweOpening();
        // The case learns the room from this call's answer; told again shortly after, it takes the
        // room even if its own write failed after this one.
        Notices.Owe(new CaseRoomProgressNotice());
        Append(convener, RoomEventTypes.RoomOpened, new RoomOpened(
            command.CaseId, command.CaseNumber, command.MatterCode, command.Rule, convener.UserName, command.ScheduledAt, command.Deadline, command.Seats));
        await Outbox.Secure();
        await Alarm.Arm();
        await Persist();

        // Not the case now: it is waiting for this call.
        await Outbox.Deliver(later: CaseRoomProgressNotice.Receiver);
        return Snapshot();
    }

    public Task<RoomSnapshot> Get(Actor actor)
    {
        RoomAccess.EnsureCanSee(State, RoomId, actor);
        return Task.FromResult(Snapshot());
    }

    public Task<RoomSnapshot?> GetForCase() => Task.FromResult(State.Opened ? Snapshot() : null);

    public Task<bool> FollowMoves(TimeSpan window)
    {
        var now = time.GetUtcNow();
        var reporting = now < _caseFollowedUntil;
        var until = now + TimeSpan.FromTicks(Math.Clamp(window.Ticks, 0, 2 * RelayTimings.Expiry.Ticks));
        if (until > _caseFollowedUntil)
            _caseFollowedUntil = until;
        return Task.FromResult(reporting);
    }

    public async Task<ImmutableArray<RoomEvent>> GetEvents(Actor actor, long afterSeq)
    {
        RoomAccess.EnsureCanSee(State, RoomId, actor);
        if (afterSeq < 0)
            throw ConsultException.InvalidInput("afterSeq must be zero or more.");
        return await Log.After(afterSeq, int.MaxValue);
    }

    public async Task<ImmutableArray<RoomEvent>> GetEventsBefore(Actor actor, long beforeSeq, int limit)
    {
        RoomAccess.EnsureCanSee(State, RoomId, actor);
        if (beforeSeq < 1)
            throw ConsultException.InvalidInput("beforeSeq must be one or more.");
        if (limit is < 1 or > MaxPage)
            throw ConsultException.InvalidInput($"limit must be between 1 and {MaxPage}.");
        return await Log.Before(beforeSeq, limit);
    }

    public async Task<RoomSnapshot> Join(Actor actor)
    {
        RoomAccess.EnsureCanSee(State, RoomId, actor);
        if (MarkJoined(actor))
            await Persist();
        return Snapshot();
    }

    public async Task<RoomSnapshot> CastDecision(Actor actor, DecisionInput input)
    {
        RoomAccess.EnsureExists(State, RoomId);
        TextRules.RequireKey(input.IdempotencyKey, "idempotencyKey", MaxKeyLength);
        RoomAccess.EnsureMayDecide(State, RoomId, actor, input);

        if (await Log.FindDecision(input.Department, input.IdempotencyKey) is { } first)
        {
            if (!DecisionRules.SameDecision(first, input))
                throw ConsultException.Conflict($"idempotencyKey '{input.IdempotencyKey}' was used for a different decision.");
            return Snapshot();
        }

        var seat = State.DecidingSeat(input);
        var conditions = DecisionRules.Validate(input);

        var now = time.GetUtcNow();
        var (firstDecision, responded) = (seat.Decision is null, seat.Response?.Kind);
        var revision = seat.Record(input, conditions, actor.UserName, now, State.CurrentMaterials, actor.DisplayName);
        var cast = new DecisionCast(seat.Department, input.Outcome, seat.Decision!.Comment, conditions, revision, input.OnBehalf, seat.Status, State.Outcome(), State.CurrentMaterials);
        Append(actor, RoomEventTypes.DecisionCast, cast, now, input.IdempotencyKey, seat.Department);
        // The inbox line changes only with the first decision, the figures also with the department's
        // own first one. No reminder is registered here, to keep the decision path at one write:
        // these entries are delivered right after it, a failure registers the reminder, and if the
        // node dies in between, the room's next activation delivers them (an open room is woken
        // again: by its watchers, its close, or its deadline).
        if (firstDecision)
            Notices.OweInboxLine(seat);
        if (seat.Response?.Kind != responded)
            Notices.OweResponse(seat);

        await Persist();

        var snapshot = Snapshot();
        await Outbox.Deliver();
        // The case's followers only, while it has any (FollowMoves): lossy by design (the next decision
        // makes up for a lost one, and a case that was not told asks the room afresh).
        if (time.GetUtcNow() < _caseFollowedUntil)
            Notices.TheCase.OnRoomMoved(snapshot).Ignore();
        return snapshot;
    }

    public async Task<RoomEvent> PostMessage(Actor actor, ChatMessage message)
    {
        RoomAccess.EnsureCanSee(State, RoomId, actor);
        TextRules.Require(message.Text, "text", MaxTextLength, multiline: true);
        TextRules.RequireKey(message.ClientMessageId, "clientMessageId", MaxKeyLength);

        var key = $"{actor.UserName}\n{message.ClientMessageId}";
        if (await Log.FindMessage(key) is { } recorded)
            return recorded;
        RoomAccess.EnsureOpen(State);

        var posted = Append(actor, RoomEventTypes.MessagePosted, new MessagePosted(message.Text.Trim(), message.ClientMessageId, actor.Department, actor.Role), key: key);
        await Persist();
        return posted;
    }

    public async Task<RoomSnapshot> Invite(Actor actor, string department, SeatRole role)
    {
        RoomAccess.EnsureChair(State, RoomId, actor);
        RoomAccess.EnsureOpen(State);
        var catalog = await GrainFactory.GetGrain<ICatalogGrain>(0).Get();
        if (!catalog.Departments.Any(d => d.Code == department))
            throw ConsultException.InvalidInput($"Unknown department '{department}'.");
        if (!catalog.IsActive(department))
            throw ConsultException.InvalidInput($"'{department}' is retired and cannot be invited.");
        if (State.SeatOf(department) is not null)
            throw ConsultException.Conflict($"'{department}' is invited already.");

        var seat = new SeatState { Department = department, Role = role, Status = SeatStatus.Invited, InvitedAt = time.GetUtcNow() };
        State.Seats.Add(seat);
        // The event's time is the seat's invitation time: a board moving its copy forward shows the same.
        Append(actor, RoomEventTypes.SeatInvited, new SeatInvited(department, role, State.Outcome()), seat.InvitedAt);
        Notices.OweInboxLine(seat);
        Notices.Owe(new CaseDepartmentInvitedNotice(department));
        Notices.Owe(new CaseRoomProgressNotice());
        return await Commit();
    }

    public async Task<RoomSnapshot> Close(Actor actor, string statement, long? expectedSeq = null)
    {
        RoomAccess.EnsureChair(State, RoomId, actor);
        RoomAccess.EnsureOpen(State);
        if (expectedSeq is < 0)
            throw ConsultException.InvalidInput("expectedSeq must be zero or more.");
        if (expectedSeq is { } seen && seen != Log.Count)
            throw ConsultException.Conflict($"The room changed since seq {seen} (now {Log.Count}); look at the board again before closing.");
        TextRules.Require(statement, "statement", MaxStatementLength, multiline: true);
        if (State.Status == RoomStatus.Scheduled)
            throw ConsultException.Conflict("The session has not started yet.");
        var outcome = State.Outcome();
        if (outcome == JointOutcome.Pending)
            throw ConsultException.Conflict("The joint outcome is still pending: wait for the missing decisions, or invite another department.");
        var now = time.GetUtcNow();
        State.EnsureCompleteSupplement(outcome, now);

        EndCall(now);
        State.Close(outcome, statement, now, actor);
        Append(actor, RoomEventTypes.RoomClosed, new RoomClosed(outcome, State.Statement!, now));
        Notices.OweClosing();
        // Nothing else wakes a closed room: the reminder is in place before the write, so what
        // the close owes is delivered even if this node dies right after it.
        return await Commit();
    }

    private RoomSnapshot Snapshot() => State.ToSnapshot(RoomId, Log.Count, _presence.In);

    /// <summary>
    /// Writes a chair's change that nothing else may wake the room for: the outbox's and the
    /// clock's reminders are in place before the write, what it owes is delivered after it.
    /// </summary>
    private async Task<RoomSnapshot> Commit()
    {
        await Outbox.Secure();
        await Alarm.Arm();
        await Persist();

        await Outbox.Deliver();
        return Snapshot();
    }

    /// <summary>
    /// Adds an event to the log (not yet persisted), its typed payload serialised once into the
    /// contract's JSON; <paramref name="key"/> makes its command idempotent (within
    /// <paramref name="department"/>'s seat, for a decision).
    /// </summary>
    private RoomEvent Append<T>(Actor actor, string type, T payload, DateTimeOffset? at = null, string? key = null, string? department = null) =>
        Notify(Log.Append(actor.UserName, type, RoomEventPayloads.Write(payload), at ?? time.GetUtcNow(), key, department, actor.DisplayName));

    /// <summary>
    /// Writes the state, with the log's tail (and seals a chunk beside it when one is due). If the
    /// write fails, the in-memory state (already changed) no longer matches what is stored: reload
    /// it, so the failed command leaves no trace, and rethrow. If the store cannot be read either
    /// (it is away), the room is marked stale and reloads before its next call; it stays active so
    /// that it keeps its watchers and tells them as soon as the store is back.
    /// </summary>
    private async Task Persist()
    {
        var sealing = Log.SealIfDue();
        Log.WriteTail(State);
        try
        {
            await store.WriteStateAsync();
        }
        catch (Exception writeFailure)
        {
            if (sealing is not null)
                await sealing;
            _publishedSeq = Math.Min(_publishedSeq, Log.Count);
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

        Log.Written();
        Outbox.Written();
        if (sealing is not null)
            await sealing;
        await Publish();
    }

    /// <summary>
    /// Reads what is stored. A write reported as failed may still have landed (the store answered
    /// too late): its events are stored, so they are published like any other.
    /// </summary>
    private async Task Reload()
    {
        await store.ReadStateAsync();
        await Log.Load(State);
        _stale = false;
        _publishedSeq = Math.Min(_publishedSeq, Log.Count);
        await Publish();
    }

    /// <summary>Hands the events just persisted to every node's relay, in order.</summary>
    private async Task Publish()
    {
        if (_publishedSeq >= Log.Count)
            return;
        var fresh = await Log.After(_publishedSeq, int.MaxValue);
        _publishedSeq = Log.Count;
        _relays.Publish(fresh);
    }

    private bool MarkJoined(Actor actor)
    {
        if (State.Join(actor) is not { } seat)
            return false;
        Append(actor, RoomEventTypes.SeatJoined, new SeatJoined(seat.Department, seat.Status));
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Persisting room {RoomId} failed; the command is refused")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, Guid roomId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reloading room {RoomId} after a failed write failed; it reloads before its next call")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception, Guid roomId);
}
