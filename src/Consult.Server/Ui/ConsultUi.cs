using System.Collections.Immutable;
using Consult.Cases;
using Consult.Catalog;
using Consult.Common;
using Consult.Departments;
using Consult.Metrics;
using Consult.Realtime;
using Consult.Rooms;
using Consult.Server.Api;
using Consult.Server.Auth;
using Consult.Server.Caching;
using Consult.Server.Materials;
using Consult.Server.Hosting;
using Consult.Server.Realtime;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace Consult.Server.Ui;

/// <summary>
/// What the Blazor pages may do, as the signed-in user (resolved again on every call, like the
/// hub). Components never touch grains: they call this, and get disposable subscriptions for live
/// updates from this node's relay.
/// </summary>
public sealed class ConsultUi(
    AuthenticationStateProvider authentication,
    CurrentActors actors,
    IGrainFactory grains,
    RoomRelay relay,
    Realtime.Calls.CallRelay calls,
    CaseListing listing,
    FileMaterialStore materials,
    IOptions<ConsultOptions> options,
    TimeProvider time,
    CalendarReader calendar,
    Consult.Hosting.ConsultCalendar centre,
    Records.JointRecords records,
    SupplementUploads supplements,
    IOptions<Consult.Notifications.NotificationOptions> notifications)
{
    public async Task<Actor?> CurrentActor() => await actors.Find((await authentication.GetAuthenticationStateAsync()).User);

    public Task<CatalogSnapshot> Catalog() => grains.GetGrain<ICatalogGrain>(0).Get();

    /// <summary>Registers a case; the same <paramref name="idempotencyKey"/> again (a retry of the same form) answers the first result.</summary>
    public async Task<CaseRegistered> RegisterCase(NewCase request, string idempotencyKey)
    {
        IdempotencyKeys.EnsureValid(idempotencyKey);
        var actor = await Actor();
        return await grains.GetGrain<ICaseGrain>(IdempotencyKeys.CaseId(actor.UserName, idempotencyKey)).Register(actor, request);
    }

    public async Task<CasePage> ListCases(string? status, string? search, int page, int pageSize = 20) =>
        await listing.List(await Actor(), status, null, null, null, search, page, pageSize);

    public async Task<CaseView> GetCase(Guid caseId) => await grains.GetGrain<ICaseGrain>(caseId).Get(await Actor());

    public async Task<MaterialInfo> AddMaterial(Guid caseId, string name, string contentType, Stream content, CancellationToken cancellationToken)
    {
        var actor = await Actor();
        var theCase = grains.GetGrain<ICaseGrain>(caseId);
        await theCase.EnsureCanRead(actor);
        if (!actor.IsWindow)
            throw ConsultException.Forbidden("Only a window officer adds materials.");
        name = Path.GetFileName(name);
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
            throw ConsultException.InvalidInput("The file needs a name of at most 200 characters.");
        return await theCase.AddMaterial(actor, await MaterialUploads.Save(
            content, name, null, contentType, materials, options.Value.Materials.MaxBytes, actor.UserName, time.GetUtcNow(), cancellationToken));
    }

    public long MaxMaterialBytes => options.Value.Materials.MaxBytes;

    /// <summary>Anonymous: the applicant's supplement through the tracking link (the same checks as <c>POST /track/{token}/materials</c>).</summary>
    public Task<PublicCaseView> SubmitSupplement(string token, IReadOnlyList<SupplementFile> files, CancellationToken cancellationToken) =>
        supplements.Submit(token, files, cancellationToken);

    public async Task<RoomSnapshot> OpenConsultation(Guid caseId, OpenConsultation request) =>
        await grains.GetGrain<ICaseGrain>(caseId).OpenConsultation(await Actor(), request);

    public async Task<string> RenewTrackingLink(Guid caseId) =>
        await grains.GetGrain<ICaseGrain>(caseId).RenewTrackingToken(await Actor());

    /// <summary>The applicant's tracking link as the API gives it, for a page opened at <paramref name="pageBase"/>.</summary>
    public string TrackingUrl(string token, string pageBase) => PublicLinks.Track(PublicLinks.BaseUrl(options.Value, pageBase), token);

    /// <summary>Whether an SMS gateway is configured: without one the tracking link cannot be texted.</summary>
    public bool SmsConfigured => !string.IsNullOrWhiteSpace(notifications.Value.Sms.Url);

    /// <summary>Texts the applicant the tracking link (<c>POST /cases/{caseId}/tracking-link/sms</c>).</summary>
    public async Task<TrackingLinkSms> SendTrackingLink(Guid caseId, string pageBase) =>
        await grains.GetGrain<ICaseGrain>(caseId).SendTrackingLink(await Actor(), PublicLinks.BaseUrl(options.Value, pageBase));

    /// <summary>The service centre's name and phone, for the receipt.</summary>
    public CentreOptions Centre => options.Value.Centre;

    public async Task<CaseView> ExtendStatutoryLimit(Guid caseId, string reason) =>
        await grains.GetGrain<ICaseGrain>(caseId).ExtendStatutoryLimit(await Actor(), reason);

    public async Task<CaseView> MaterialsResubmitted(Guid caseId, string? note) =>
        await grains.GetGrain<ICaseGrain>(caseId).MaterialsResubmitted(await Actor(), note);

    /// <summary>The supervision list: cases whose statutory clock ran out undecided (managers, admins).</summary>
    public async Task<ImmutableArray<OverdueCase>> OverdueCases()
    {
        var actor = await Actor();
        if (!actor.IsManager && !actor.IsAdmin)
            throw ConsultException.Forbidden("Only managers read the supervision list.");
        return await grains.GetGrain<IOverdueCasesGrain>(0).List();
    }

    /// <summary>
    /// Joins the room as a present member; events after the snapshot reach <paramref name="onEvent"/>
    /// in order, and who is present reaches <paramref name="onPresence"/> whenever it changes.
    /// </summary>
    public async Task<(RoomSnapshot Snapshot, IAsyncDisposable Membership)> JoinRoom(Guid roomId, Func<RoomEvent, Task> onEvent, Func<SeatPresence, Task>? onPresence = null) =>
        await relay.JoinLocal(await Actor(), roomId, InPageCulture(onEvent), onPresence is null ? null : InPageCulture(onPresence));

    /// <summary>Who is in the room's call now, and every change to it (the board must have joined the room).</summary>
    public async Task<(Consult.Calls.CallRoster Roster, IAsyncDisposable Listening)> WatchCall(Guid roomId, Func<Consult.Calls.CallRoster, Task> onRoster)
    {
        var listening = relay.ListenToCall(roomId, InPageCulture(onRoster));
        return (await Room(roomId).GetCallMembers(await Actor()), listening);
    }

    /// <summary>Joins the room's call; signals for this page reach <paramref name="onSignal"/>; disposing leaves it.</summary>
    public async Task<Realtime.Calls.LocalCall> JoinCall(Guid roomId, Func<Consult.Calls.CallSignalDelivery, Task> onSignal) =>
        await calls.JoinLocal(await Actor(), roomId, onSignal);

    public bool LoopbackCandidatesOnly => calls.LoopbackCandidatesOnly;

    public async Task<RoomSnapshot> GetRoom(Guid roomId) => await Room(roomId).Get(await Actor());

    /// <summary>The joint record of a closed room (made and kept the first time it is asked for).</summary>
    public async Task<Consult.Records.SealedRecord> JointRecord(Guid roomId) => await records.Get(await Actor(), roomId);

    /// <summary>What a record's hash verifies; null for a hash no record has, or one that is no hash.</summary>
    public async Task<Consult.Records.RecordVerification?> VerifyRecord(string sha256) =>
        Consult.Records.JointRecordHash.IsWellFormed(sha256.ToLowerInvariant()) ? await records.Find(sha256) : null;

    public async Task<ImmutableArray<RoomEvent>> RoomEvents(Guid roomId, long afterSeq) => await Room(roomId).GetEvents(await Actor(), afterSeq);

    /// <summary>A page of the room's log: the at most <paramref name="limit"/> events before <paramref name="beforeSeq"/>.</summary>
    public async Task<ImmutableArray<RoomEvent>> RoomEventsBefore(Guid roomId, long beforeSeq, int limit) =>
        await Room(roomId).GetEventsBefore(await Actor(), beforeSeq, limit);

    public async Task<RoomSnapshot> Decide(Guid roomId, DecisionInput input) => await Room(roomId).CastDecision(await Actor(), input);

    public async Task PostMessage(Guid roomId, string text) =>
        await Room(roomId).PostMessage(await Actor(), new ChatMessage(text, Guid.NewGuid().ToString("N")));

    public async Task<RoomSnapshot> Invite(Guid roomId, string department, SeatRole role) => await Room(roomId).Invite(await Actor(), department, role);

    public async Task<RoomSnapshot> ExtendDeadline(Guid roomId, DateTimeOffset deadline, string reason) =>
        await Room(roomId).ExtendDeadline(await Actor(), deadline, reason);

    public async Task<RoomSnapshot> SetMeetingLink(Guid roomId, string? url) => await Room(roomId).SetMeetingLink(await Actor(), url);

    public async Task<RemindResult> Remind(Guid roomId) => await Room(roomId).Remind(await Actor(), null);

    public async Task<RoomSnapshot> Close(Guid roomId, string statement, long expectedSeq) => await Room(roomId).Close(await Actor(), statement, expectedSeq);

    public async Task<ImmutableArray<Invitation>> Inbox()
    {
        var actor = await Actor();
        if (actor.Department is null)
            throw ConsultException.Forbidden("Only department representatives have an inbox.");
        return await grains.GetGrain<IDepartmentGrain>(actor.Department).GetOpenInvitations();
    }

    public async Task<IAsyncDisposable> ListenToInbox(Func<Invitation, Task> onInvitation)
    {
        var actor = await Actor();
        return await relay.ListenToDepartment(actor.Department ?? throw ConsultException.Forbidden("No department."), InPageCulture(onInvitation));
    }

    /// <summary>Anonymous: the applicant's view behind a tracking link, and every change to it.</summary>
    public Task<(PublicCaseView View, IAsyncDisposable Membership)> FollowCase(string token, Func<PublicCaseView, Task> onChange) =>
        relay.FollowLocal(token, InPageCulture(onChange));

    /// <summary>
    /// A page's listener, run in the page's language. Changes arrive on the relay's thread, whose
    /// culture is not the page's: without this an English page re-rendered by a live change would
    /// turn Chinese (the server's default).
    /// </summary>
    private static Func<T, Task> InPageCulture<T>(Func<T, Task> listener)
    {
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        var uiCulture = System.Globalization.CultureInfo.CurrentUICulture;
        return value =>
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
            System.Globalization.CultureInfo.CurrentUICulture = uiCulture;
            return listener(value);
        };
    }

    public async Task<DecisionMetrics> Metrics(DateTimeOffset from, DateTimeOffset to)
    {
        var actor = await Actor();
        if (!actor.IsManager && !actor.IsAdmin)
            throw ConsultException.Forbidden("Only managers read the figures.");
        return await grains.GetGrain<IMetricsQueryGrain>(0).Query(from, to);
    }

    /// <summary>The rows behind one figure (see <see cref="Figures"/>), for managers.</summary>
    public async Task<ImmutableArray<FigureRow>> FigureRows(string figure, DateTimeOffset from, DateTimeOffset to, string? matter, string? department)
    {
        var actor = await Actor();
        if (!actor.IsManager && !actor.IsAdmin)
            throw ConsultException.Forbidden("Only managers read the figures.");
        return await grains.GetGrain<IMetricsQueryGrain>(0).Cases(from, to, figure, matter, department);
    }

    /// <summary>This year and next, where no working calendar is loaded (managers and admins are warned of them).</summary>
    public async Task<ImmutableArray<int>> AssumedCalendarYears()
    {
        var actor = await Actor();
        return actor.IsManager || actor.IsAdmin ? await calendar.AssumedYearsAhead(centre.Zone) : [];
    }

    /// <summary>A year of the working calendar as <c>GET /calendar/{year}</c> answers it.</summary>
    public async Task<CalendarYearResponse> CalendarYear(int year)
    {
        await Actor();
        return CalendarYearResponse.For(year, await calendar.Current(), options.Value.Centre.Hours);
    }

    /// <summary>The working days as the cluster knows them now, for the board's working-time clock.</summary>
    public async Task<Consult.Calendar.WorkingCalendar> WorkingDays()
    {
        await Actor();
        return await calendar.Current();
    }

    /// <summary>An administrator loads or corrects a year (<c>PUT /calendar/{year}</c>); the page has checked the dates with <see cref="Consult.Calendar.CalendarYear.Problem"/> first.</summary>
    public async Task<CalendarYearResponse> PutCalendarYear(int year, ImmutableArray<DateOnly> holidays, ImmutableArray<DateOnly> workdays)
    {
        var actor = await Actor();
        if (!actor.IsAdmin)
            throw ConsultException.Forbidden("Only administrators load the working calendar.");
        return CalendarYearResponse.For(year, await calendar.Put(actor, year, holidays, workdays), options.Value.Centre.Hours);
    }

    public async Task<CasePage> CasesByStatus(string status) => await listing.List(await Actor(), status, null, null, null, null, 1, 1);

    private async Task<Actor> Actor() => await actors.Require((await authentication.GetAuthenticationStateAsync()).User);

    private IConsultationGrain Room(Guid roomId) => grains.GetGrain<IConsultationGrain>(roomId);
}
