using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
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
    ILogger<CaseGrain> logger) : Grain, ICaseGrain, IRemindable
{
    public const int MaxMaterials = 100;

    private readonly ObserverManager<string, IRoomRelay> _followers = new(RelayTimings.Expiry, logger);
    // The current room as last reported by it; not persisted (the room is asked again when missing).
    private RoomSnapshot? _room;
    private GrainOutbox? _outbox;

    private CaseState State => store.State;
    private Guid CaseId => this.GetPrimaryKey();
    private GrainOutbox Outbox => _outbox ??= new GrainOutbox(this, () => State.Outbox, Deliver, () => store.WriteStateAsync(), outboxOptions.Value, logger);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The previous activation may have died between writing a status and delivering it.
        Outbox.Resume();
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Outbox.OnReminder(reminderName);

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
        var applicant = ValidateApplicant(request.Applicant);
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
        if (!catalog.Matters.Any(m => m.Code == request.MatterCode))
            throw ConsultException.InvalidInput($"Unknown matterCode '{request.MatterCode}'.");

        var now = time.GetUtcNow();
        State.Registering = true;
        State.DayKey = calendar.DayKey(now);
        State.MatterCode = request.MatterCode;
        State.Applicant = applicant;
        State.Summary = summary;
        State.ReceivingOfficer = actor.UserName;
        State.Status = CaseStatus.Received;
        State.CreatedAt = now;
        State.TrackingToken = TrackingTokens.New();
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
            State.Registered = true;
            State.Registering = false;
            State.CaseNumber = number;
            AddTimeline(new Actor(State.ReceivingOfficer, Roles.Window, null), TimelineTypes.Registered, State.MatterCode);
            await store.WriteStateAsync();
        }

        await day.Confirm(CaseId);
        return new CaseRegistered(CaseId, State.CaseNumber, State.TrackingToken);
    }

    public Task<CaseView> Get(Actor actor)
    {
        EnsureCanRead(actor, out var full);
        return Task.FromResult(View(full, withToken: actor.IsStaff));
    }

    public Task EnsureCanRead(Actor actor)
    {
        EnsureCanRead(actor, out _);
        return Task.CompletedTask;
    }

    public async Task<MaterialInfo> AddMaterial(Actor actor, MaterialInfo material)
    {
        EnsureRegistered();
        if (!actor.IsWindow)
            throw ConsultException.Forbidden("Only a window officer adds materials.");
        if (State.Status is CaseStatus.Completed or CaseStatus.Withdrawn)
            throw ConsultException.Conflict($"The case is {State.Status}; its materials are final.");
        var existing = State.Materials.Find(m => m.Sha256 == material.Sha256);
        if (existing is not null)
            return existing;
        if (State.Materials.Count >= MaxMaterials)
            throw ConsultException.InvalidInput($"A case holds at most {MaxMaterials} materials.");

        State.Materials.Add(material);
        AddTimeline(actor, TimelineTypes.MaterialAdded, material.Name);
        await store.WriteStateAsync();
        return material;
    }

    /// <remarks>
    /// Reserve, then commit: the case stores the room it is about to open with its command
    /// (<see cref="CaseState.Opening"/>) before asking the room, and records the room afterwards.
    /// A call that finds such a reservation finishes it first (the room's <c>Open</c> answers the
    /// same room again), so a failure between the writes leaves no room outside its case.
    /// </remarks>
    public async Task<RoomSnapshot> OpenConsultation(Actor actor, OpenConsultation request)
    {
        EnsureRegistered();
        if (!actor.IsWindow)
            throw ConsultException.Forbidden("Only a window officer convenes a consultation.");
        IdempotencyKeys.EnsureValid(request.IdempotencyKey);
        var asked = AsAsked(request);
        var keyScope = request.IdempotencyKey is { } key ? $"{actor.UserName}\n{key}" : null;

        if (State.Opening is { } pending)
        {
            var finished = await FinishOpening(pending);
            if (pending.Convener.UserName == actor.UserName && pending.Key == request.IdempotencyKey && pending.Request == asked)
                return finished;
        }

        if (keyScope is not null && State.OpenedByKey.TryGetValue(keyScope, out var opened))
        {
            if (opened.Request != asked)
                throw ConsultException.Conflict("This Idempotency-Key opened a consultation with another request.");
            // The first attempt may have failed telling the day index; the retry completes it.
            await GrainFactory.GetGrain<ICaseDayGrain>(State.DayKey).UpdateStatus(CaseId, State.Status);
            return await GrainFactory.GetGrain<IConsultationGrain>(opened.RoomId).Get(actor);
        }

        if (State.Status is not (CaseStatus.Received or CaseStatus.SupplementRequired))
            throw ConsultException.Conflict(State.Status == CaseStatus.Consulting
                ? "A consultation is open for this case already."
                : $"The case is {State.Status}; no consultation can be opened.");

        var catalog = await GrainFactory.GetGrain<ICatalogGrain>(0).Get();
        var matter = catalog.Matters.First(m => m.Code == State.MatterCode);
        var seats = request.Seats is { } requested
            ? [.. requested.Select(s => new DefaultSeat(
                s.Department?.Trim() ?? "",
                s.Role ?? matter.Departments.FirstOrDefault(d => d.Department == s.Department)?.Role ?? SeatRole.Required,
                s.DeemedConsentOnTimeout ?? matter.Departments.FirstOrDefault(d => d.Department == s.Department)?.DeemedConsentOnTimeout ?? false))]
            : matter.Departments;
        if (seats.IsDefaultOrEmpty)
            throw ConsultException.InvalidInput("departments must name at least one department.");
        var unknown = seats.Where(s => !catalog.Departments.Any(d => d.Code == s.Department)).Select(s => s.Department).ToList();
        if (unknown.Count > 0)
            throw ConsultException.InvalidInput($"Unknown departments: {string.Join(", ", unknown)}.");
        if (seats.Select(s => s.Department).Distinct().Count() != seats.Length)
            throw ConsultException.InvalidInput("A department is listed twice.");
        if (!seats.Any(s => s.Role == SeatRole.Required))
            throw ConsultException.InvalidInput("At least one department must be required: otherwise nobody decides.");

        var now = time.GetUtcNow();
        // An appointment or a limit more than a year away is a typing error, and 9999-12-31 would overflow below.
        if (request.ScheduledAt > now.AddYears(1) || request.Deadline > now.AddYears(1))
            throw ConsultException.InvalidInput("scheduledAt and deadline must be within a year from now.");
        var start = request.ScheduledAt is { } scheduled && scheduled > now ? scheduled : now;
        var deadline = request.Deadline ?? start.AddMinutes(matter.TimeLimitMinutes);
        if (deadline <= now || deadline <= start)
            throw ConsultException.InvalidInput("deadline must be later than the start.");

        var opening = new RoomOpening
        {
            RoomId = Guid.NewGuid(),
            Convener = actor,
            Command = new OpenRoomCommand(CaseId, State.CaseNumber, State.MatterCode, matter.Rule, seats, request.ScheduledAt, deadline),
            Key = request.IdempotencyKey,
            Request = asked,
        };
        State.Opening = opening;
        await store.WriteStateAsync();
        return await FinishOpening(opening);
    }

    /// <summary>An opening request as sent, without its key: what tells a retry from another request.</summary>
    private static string AsAsked(OpenConsultation request) => string.Join('\n',
        request.Seats is { IsDefault: false } seats ? string.Join(';', seats.Select(s => $"{s.Department}:{s.Role}:{s.DeemedConsentOnTimeout}")) : "(matter)",
        request.ScheduledAt?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "",
        request.Deadline?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "");

    /// <summary>Opens the reserved room (again: <c>Open</c> is idempotent for this case) and records it.</summary>
    private async Task<RoomSnapshot> FinishOpening(RoomOpening opening)
    {
        var snapshot = await GrainFactory.GetGrain<IConsultationGrain>(opening.RoomId).Open(opening.Convener, opening.Command);
        await RecordOpened(snapshot, opening.Convener, opening);
        return snapshot;
    }

    private async Task RecordOpened(RoomSnapshot room, Actor convener, RoomOpening? opening)
    {
        _room = room;
        State.Rooms.Add(room.RoomId);
        State.CurrentRoomId = room.RoomId;
        State.Departments.UnionWith(room.Seats.Select(s => s.Department));
        if (opening?.Key is { } key)
            State.OpenedByKey[$"{convener.UserName}\n{key}"] = new OpenedRoom { RoomId = room.RoomId, Request = opening.Request };
        State.Opening = null;
        AddTimeline(convener, TimelineTypes.ConsultationOpened, null, room.RoomId);
        await SetStatus(CaseStatus.Consulting);
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
        AddTimeline(new Actor("system", Roles.Admin, null), TimelineTypes.ConsultationClosed, room.JointOutcome.ToString(), room.RoomId);
        await SetStatus(room.JointOutcome == JointOutcome.SupplementRequired ? CaseStatus.SupplementRequired : CaseStatus.Decided);
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
        await NotifyFollowers();
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
        return View(full: true, withToken: true);
    }

    public async Task<CaseView> Complete(Actor actor)
    {
        EnsureRegistered();
        if (!actor.IsWindow)
            throw ConsultException.Forbidden("Only a window officer completes a case.");
        if (State.Status != CaseStatus.Decided)
            throw ConsultException.Conflict("Only a decided case can be completed.");
        AddTimeline(actor, TimelineTypes.Completed, null);
        await SetStatus(CaseStatus.Completed);
        return View(full: true, withToken: true);
    }

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
        if (room is null && State.CurrentRoomId is { } roomId)
            room = _room = await GrainFactory.GetGrain<IConsultationGrain>(roomId).GetForCase();
        var closed = room?.Status == RoomStatus.Closed;
        var seats = room is null
            ? ImmutableArray<PublicSeatProgress>.Empty
            : [.. room.Seats.Select(s => new PublicSeatProgress(
                s.Department,
                s.Role,
                s.Decision is not null,
                closed ? s.Decision?.Outcome : null,
                closed && s.Decision is not null ? s.Decision.Conditions : []))];
        var asked = closed && room!.JointOutcome == JointOutcome.SupplementRequired
            ? [.. room.Seats.Where(s => s.Decision?.Outcome == DecisionOutcome.RequestSupplement && s.Role == SeatRole.Required).Select(s => s.Decision!.Comment ?? "")]
            : ImmutableArray<string>.Empty;

        return new PublicCaseView(
            State.CaseNumber,
            State.MatterCode,
            ApplicantInfo.MaskName(State.Applicant!.Name),
            State.Status,
            State.CreatedAt,
            [.. State.Timeline.Where(t => PublicTimelineTypes.Contains(t.Type)).Select(t => new PublicTimelineEntry(t.At, t.Type, t.Type == TimelineTypes.ConsultationClosed ? t.Detail : null))],
            room?.Status,
            room?.Deadline,
            seats,
            closed ? room!.JointOutcome : null,
            closed ? room!.Statement : null,
            asked);
    }

    private static readonly HashSet<string> PublicTimelineTypes =
    [
        TimelineTypes.Registered,
        TimelineTypes.ConsultationOpened,
        TimelineTypes.ConsultationClosed,
        TimelineTypes.Completed,
        TimelineTypes.Withdrawn,
    ];

    /// <summary>
    /// Writes the status with the listing's update in the case's outbox, then delivers it: a retried
    /// command that finds the status set already (and returns early) leaves the listing to the outbox.
    /// </summary>
    private async Task SetStatus(CaseStatus status)
    {
        State.Status = status;
        Outbox.Add(new CaseListingNotice(State.DayKey, status));
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
        _ => throw new InvalidOperationException($"A case does not deliver {entry.GetType().Name}."),
    };

    private void AddTimeline(Actor actor, string type, string? detail, Guid? roomId = null) =>
        State.Timeline.Add(new TimelineEntry(time.GetUtcNow(), type, actor.UserName, detail, roomId));

    private CaseView View(bool full, bool withToken) => new(
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
        withToken ? State.TrackingToken : null);

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

    private static ApplicantInfo ValidateApplicant(ApplicantInfo? applicant)
    {
        if (applicant is null)
            throw ConsultException.InvalidInput("applicant is required.");
        var name = applicant.Name?.Trim() ?? "";
        var phone = applicant.Phone?.Trim() ?? "";
        TextRules.Require(name, "applicant.name", 100);
        if (!PhonePattern().IsMatch(phone))
            throw ConsultException.InvalidInput("applicant.phone must be a phone number (digits, spaces, +, -, 5 to 20 characters).");
        var organization = string.IsNullOrWhiteSpace(applicant.Organization) ? null : applicant.Organization.Trim();
        TextRules.Require(organization, "applicant.organization", 200, required: false);
        var idNumber = string.IsNullOrWhiteSpace(applicant.IdNumber) ? null : applicant.IdNumber.Trim().ToUpperInvariant();
        if (idNumber is not null && !IdNumberPattern().IsMatch(idNumber))
            throw ConsultException.InvalidInput("applicant.idNumber must be a 15- or 18-character resident ID number.");
        return new ApplicantInfo(name, phone, organization, idNumber);
    }

    [GeneratedRegex(@"^\+?[0-9][0-9 \-]{3,18}[0-9]$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^([0-9]{15}|[0-9]{17}[0-9X])$")]
    private static partial Regex IdNumberPattern();
}
