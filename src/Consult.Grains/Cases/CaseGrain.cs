using System.Collections.Immutable;
using System.Globalization;
using Consult.Catalog;
using Consult.Common;
using Consult.Hosting;
using Consult.Outbox;
using Consult.Realtime;
using Consult.Rooms;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace Consult.Cases;

/// <summary>
/// One applicant's case: registered once by a window officer, numbered by its day, shared with
/// the departments of its rooms, followed by the applicant through its tracking token.
/// </summary>
public sealed partial class CaseGrain(
    [PersistentState(StateNames.Case, StorageNames.Consult)] IPersistentState<CaseState> store,
    TimeProvider time,
    ConsultCalendar calendar,
    IOptions<OutboxOptions> outboxOptions,
    IOptions<StatutoryClockOptions> clockOptions,
    IOptions<Notifications.NotificationOptions> notificationOptions,
    ILogger<CaseGrain> logger) : Grain, ICaseGrain, IRemindable
{
    public const int MaxMaterials = 100;

    private readonly ObserverManager<string, IRoomRelay> _followers = new(RelayTimings.Expiry, logger);
    // The current room as last reported by it; not persisted (the room is asked again when missing).
    // The room reports every decision only while the case has followers (FollowRoomMoves); otherwise
    // this may be behind, and the room is asked again when a view is built.
    private RoomSnapshot? _room;
    // Until when the current room reports every decision, as this activation asked it.
    private DateTimeOffset _roomReportsUntil;
    private GrainOutbox? _outbox;

    private CaseState State => store.State;
    private Guid CaseId => this.GetPrimaryKey();
    private GrainOutbox Outbox => _outbox ??= new GrainOutbox(this, () => State.Outbox, Deliver, () => store.WriteStateAsync(), outboxOptions.Value, logger);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        NumberUnversionedMaterials();
        await OweFiguresOnce();
        // The previous activation may have died between writing a status and delivering it.
        Outbox.Resume();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName switch
        {
            ClockReminder => OnClockReminder(),
            TaskDueReminder => OnTaskDueReminder(),
            _ => Outbox.OnReminder(reminderName),
        };

    /// <remarks>
    /// Reserve, then commit: the case first stores the request, its day and its tracking token
    /// (invisible while <see cref="CaseState.Registering"/>); then the day lists it, pending, with
    /// its number; the token is bound; the case writes itself registered; and the day's line is
    /// confirmed. Each step is idempotent for the case, so after any single failure the same
    /// request (or the listing, for a pending line) finishes it with the same number.
    /// </remarks>
    public async Task<CaseRegistered> Register(Actor actor, NewCase request)
    {
        if (!actor.IsWindow)
            throw ConsultException.Forbidden("Only a window officer registers cases.");
        var applicant = ApplicantRules.Validate(request.Applicant);
        TextRules.Require(request.Summary, "summary", ConsultationGrain.MaxStatementLength, multiline: true);
        var summary = request.Summary.Trim();
        if (State.Registered || State.Registering)
        {
            if (State.ReceivingOfficer != actor.UserName || State.MatterCode != request.MatterCode
                || State.Applicant != applicant || State.Summary != summary)
                throw ConsultException.Conflict($"Case {CaseId} is registered already, with another request.");
            return await FinishRegistering();
        }

        var catalog = await GrainFactory.GetGrain<ICatalogGrain>(0).Get();
        var matter = catalog.Matters.FirstOrDefault(m => m.Code == request.MatterCode)
            ?? throw ConsultException.InvalidInput($"Unknown matterCode '{request.MatterCode}'.");

        var now = time.GetUtcNow();
        State.Registering = true;
        State.DayKey = calendar.DayKey(now);
        State.MatterCode = request.MatterCode;
        State.MatterVersion = matter.Version;
        State.Applicant = applicant;
        State.Summary = summary;
        State.ReceivingOfficer = actor.UserName;
        State.ReceivingOfficerName = actor.DisplayName;
        State.Status = CaseStatus.Received;
        State.CreatedAt = now;
        State.TrackingToken = TrackingTokens.New();
        StatutoryClock.Start(State.Statutory, matter.LegalLimitWorkingDays, now, calendar.Zone);
        CaseStages.Start(State.Stages, matter.Stages, State.Statutory.AcceptedOn);
        await store.WriteStateAsync();
        return await FinishRegistering();
    }

    public async Task<bool> FinishRegistration()
    {
        if (!State.Registered && !State.Registering)
            return false;
        await FinishRegistering();
        return true;
    }

    private async Task<CaseRegistered> FinishRegistering()
    {
        var day = GrainFactory.GetGrain<ICaseDayGrain>(State.DayKey);
        if (!State.Registered)
        {
            var number = await day.Register(new CaseSummary(
                CaseId, "", State.MatterCode, State.Applicant!.Name, CaseStatus.Received, State.CreatedAt, State.ReceivingOfficer, Pending: true));
            await GrainFactory.GetGrain<ITrackingGrain>(State.TrackingToken).Bind(CaseId);
            // The clock's reminder is in place before the case exists: nothing else would wake it.
            await ArmClock(await Clock());
            State.Registered = true;
            State.Registering = false;
            State.CaseNumber = number;
            AddTimeline(new Actor(State.ReceivingOfficer, Roles.Window, null) { DisplayName = State.ReceivingOfficerName }, TimelineTypes.Registered, State.MatterCode);
            await WriteWithFigures();
        }

        await day.Confirm(CaseId);
        return new CaseRegistered(CaseId, State.CaseNumber, State.TrackingToken);
    }

    public async Task<CaseView> Get(Actor actor)
    {
        EnsureCanRead(actor, out var full);
        return await View(full, withToken: actor.IsStaff);
    }

    public Task EnsureCanRead(Actor actor)
    {
        EnsureCanRead(actor, out _);
        return Task.CompletedTask;
    }

    public async Task OnDepartmentInvited(Guid roomId, string department)
    {
        if (State.Departments.Add(department))
            await store.WriteStateAsync();
    }

    public async Task OnRoomClosed(RoomSnapshot room)
    {
        if (room.RoomId == State.CurrentRoomId)
            _room = room;
        if (State.Timeline.Any(t => t.Type == TimelineTypes.ConsultationClosed && t.RoomId == room.RoomId))
            return;
        // Credited to whoever closed the room (a room closed before that was recorded: the system, as then).
        var closedBy = room.ClosedBy is { } by ? new Actor(by, Roles.Window, null) { DisplayName = room.ClosedByName } : System;
        AddTimeline(closedBy, TimelineTypes.ConsultationClosed, room.JointOutcome.ToString(), room.RoomId);
        var status = await AfterClose(room);
        await OpenFollowUps(room);
        await SetStatus(status);
    }

    public async Task OnRoomProgress(RoomSnapshot room)
    {
        if (State.Registered && room.RoomId != State.CurrentRoomId && !State.Rooms.Contains(room.RoomId)
            && room.Status == RoomStatus.Open && State.Status is CaseStatus.Received or CaseStatus.SupplementRequired
            && (State.Opening is null || State.Opening.RoomId == room.RoomId))
        {
            // The room opened but this case's own write failed: take the room as the current one.
            var opening = State.Opening;
            await RecordOpened(room, opening?.Convener ?? new Actor(room.Convener, Roles.Window, null), opening);
            return;
        }

        if (room.RoomId != State.CurrentRoomId || (_room is not null && _room.Seq >= room.Seq))
            return;
        _room = room;
        await NotifyFollowers();
    }

    public Task OnRoomMoved(RoomSnapshot room) => OnRoomProgress(room);

    public async Task Watch(string nodeId, IRoomRelay relay)
    {
        EnsureRegistered();
        _followers.Subscribe(nodeId, relay);
        await FollowRoomMoves();
        await NotifyFollowers();
    }

    /// <summary>
    /// Asks the current room to report its decisions for a relay's expiry more: the followers renew
    /// (and this is asked again) well before it ends. If the room was not reporting (nobody followed,
    /// or it was activated afresh), what this case holds of it may be behind: it is asked anew.
    /// </summary>
    private async Task FollowRoomMoves()
    {
        if (State.CurrentRoomId is not { } roomId)
            return;
        var now = time.GetUtcNow();
        if (!await GrainFactory.GetGrain<IConsultationGrain>(roomId).FollowMoves(RelayTimings.Expiry))
            _room = null;
        _roomReportsUntil = now + RelayTimings.Expiry;
    }

    public Task Unwatch(string nodeId)
    {
        _followers.Unsubscribe(nodeId);
        return Task.CompletedTask;
    }

    public async Task<CaseView> Withdraw(Actor actor, string reason)
    {
        EnsureRegistered();
        if (!actor.IsWindow && !actor.IsManager)
            throw ConsultException.Forbidden("Only a window officer or a manager withdraws a case.");
        TextRules.Require(reason, "reason", ConsultationGrain.MaxTextLength, multiline: true);
        // A room being opened is opened and recorded first: then it is open, and blocks the withdrawal.
        if (State.Opening is { } opening)
            await FinishOpening(opening);
        if (State.Status is CaseStatus.Consulting)
            throw ConsultException.Conflict("Close the open consultation before withdrawing the case.");
        if (State.Status is CaseStatus.Completed or CaseStatus.Withdrawn)
            throw ConsultException.Conflict($"The case is {State.Status} already.");
        AddTimeline(actor, TimelineTypes.Withdrawn, reason.Trim());
        await SetStatus(CaseStatus.Withdrawn);
        return await View(full: true, withToken: true);
    }

    public Task<CaseView> Complete(Actor actor) => Complete(actor, null);

    public async Task<string> RenewTrackingToken(Actor actor)
    {
        EnsureRegistered();
        if (!actor.IsWindow && !actor.IsManager)
            throw ConsultException.Forbidden("Only a window officer or a manager renews a tracking link.");
        var old = State.TrackingToken;
        var token = TrackingTokens.New();
        await GrainFactory.GetGrain<ITrackingGrain>(token).Bind(CaseId);
        State.TrackingToken = token;
        AddTimeline(actor, TimelineTypes.TrackingTokenRenewed, null);
        await store.WriteStateAsync();
        await GrainFactory.GetGrain<ITrackingGrain>(old).Revoke();
        return token;
    }

    public async Task<PublicCaseView> GetPublicView(string trackingToken)
    {
        if (!State.Registered || !TrackingTokens.Matches(State.TrackingToken, trackingToken))
            throw ConsultException.NotFound("No case for this link.");
        return await PublicView();
    }

    private async Task NotifyFollowers()
    {
        if (_followers.Count == 0)
            return;
        var view = await PublicView();
        var token = State.TrackingToken;
        await _followers.Notify(relay => relay.OnCaseUpdated(CaseId, token, view));
    }

    private async Task<PublicCaseView> PublicView()
    {
        var room = _room;
        // Not reported by the room any more (nobody follows): it may have moved since.
        var behind = room is null || (room.Status != RoomStatus.Closed && time.GetUtcNow() >= _roomReportsUntil);
        if (behind && State.CurrentRoomId is { } roomId)
            room = _room = await GrainFactory.GetGrain<IConsultationGrain>(roomId).GetForCase();
        var clock = await Clock();
        return PublicCaseViews.Build(State, room,
            clock.Started ? clock.View(time.GetUtcNow(), forApplicant: true) : null,
            new CaseStages(State.Stages).View(clock.Calendar)) with { FollowUp = FollowUpProgress(), Rating = PublicRating(), Rateable = Rateable };
    }

    /// <summary>
    /// Writes the status with the listing's update in the case's outbox, then delivers it: a retried
    /// command that finds the status set already (and returns early) leaves the listing to the outbox.
    /// </summary>
    private async Task SetStatus(CaseStatus status)
    {
        State.Status = status;
        StatutoryClock.Follow(State.Statutory, Undecided, time.GetUtcNow());
        FollowUpsOnStatus();
        Outbox.Add(new CaseListingNotice(State.DayKey, status));
        await OweFigures();
        if (Notifications.CaseNotifications.For(CaseId, State, status, time.GetUtcNow()) is { } notification)
            Outbox.Add(new NotificationNotice(notification));
        // Nothing else wakes a case whose listing is behind: the reminder is in place before the write.
        await Outbox.Secure();
        await store.WriteStateAsync();
        Outbox.Written();
        await Outbox.Deliver();
        await NotifyFollowers();
    }

    private Task Deliver(OutboxEntry entry) => entry switch
    {
        CaseListingNotice notice => GrainFactory.GetGrain<ICaseDayGrain>(notice.DayKey).UpdateStatus(CaseId, notice.Status),
        NotificationNotice notice => GrainFactory.GetGrain<Notifications.ICaseNotificationsGrain>(CaseId).Enqueue(notice.Event),
        OverdueCaseNotice notice => GrainFactory.GetGrain<IOverdueCasesGrain>(0).Add(notice.Card),
        FollowUpIndexNotice notice => GrainFactory.GetGrain<IFollowUpIndexGrain>(0).Set(CaseId, notice.Open),
        RoomMaterialsNotice notice => GrainFactory.GetGrain<IConsultationGrain>(notice.RoomId).UpdateMaterials(notice.Materials),
        MetricsCaseNotice notice => GrainFactory.GetGrain<Metrics.IMetricsGrain>(Metrics.IMetricsGrain.KeyFor(notice.Record.RegisteredAt, CaseId)).CaseChanged(notice.Record),
        MetricsRatingNotice notice => GrainFactory.GetGrain<Metrics.IMetricsGrain>(Metrics.IMetricsGrain.KeyFor(notice.Rating.RatedAt, CaseId)).Rated(notice.Rating),
        RatingFollowUpNotice notice => GrainFactory.GetGrain<IRatingFollowUpsGrain>(0).Set(CaseId, notice.Open),
        _ => throw new InvalidOperationException($"A case does not deliver {entry.GetType().Name}."),
    };

    private void AddTimeline(Actor actor, string type, string? detail, Guid? roomId = null) =>
        State.Timeline.Add(new TimelineEntry(time.GetUtcNow(), type, actor.UserName, detail, roomId, actor.DisplayName));

    private async Task<CaseView> View(bool full, bool withToken)
    {
        var clock = await Clock();
        return new(
            CaseId,
            State.CaseNumber,
            State.MatterCode,
            full ? State.Applicant! : State.Applicant!.Masked(),
            State.Summary,
            [.. State.Materials],
            State.ReceivingOfficer,
            State.Status,
            State.CreatedAt,
            [.. State.Timeline],
            [.. State.Rooms],
            State.CurrentRoomId,
            withToken ? State.TrackingToken : null,
            clock.Started ? clock.View(time.GetUtcNow(), forApplicant: false) : null,
            new CaseStages(State.Stages).View(clock.Calendar),
            State.Supplement,
            State.ReceivingOfficerName,
            State.Rating,
            State.MatterVersion > 0 ? State.MatterVersion : null);
    }

    private void EnsureRegistered()
    {
        if (!State.Registered)
            throw ConsultException.NotFound($"No case {CaseId}.");
    }

    /// <summary>Staff read every case; a department only the cases it is invited to.</summary>
    private void EnsureCanRead(Actor actor, out bool full)
    {
        EnsureRegistered();
        // The receiving window and admins need the applicant's full contact details; everyone
        // else sees them masked.
        full = actor.IsWindow || actor.IsAdmin;
        if (actor.IsStaff)
            return;
        if (actor.IsDepartment && actor.Department is not null && State.Departments.Contains(actor.Department))
            return;
        throw ConsultException.Forbidden("You may not see this case.");
    }
}
