using System.Collections.Immutable;
using Consult.Cases;
using Consult.Catalog;
using Consult.Common;
using Consult.Hosting;
using Consult.Server.ApiReference;
using Consult.Server.Auth;
using Consult.Server.Hosting;
using Consult.Server.Materials;
using Microsoft.Extensions.Options;

namespace Consult.Server.Api;

public static class CaseEndpoints
{
    public static void MapCaseEndpoints(this RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/cases").RequireAuthorization().WithTags("Cases");

        cases.MapPost("/", async (NewCase request, HttpContext http, IGrainFactory grains, IOptions<ConsultOptions> options) =>
        {
            var actor = http.User.ToActor();
            // With a key, the case id is derived from it: a retry (or a concurrent twin) reaches the
            // same case grain, which answers the first registration.
            var caseId = IdempotencyKey(http) is { } key ? IdempotencyKeys.CaseId(actor.UserName, key) : Guid.NewGuid();
            var registered = await grains.GetGrain<ICaseGrain>(caseId).Register(actor, request);
            return Results.Created($"/api/v1/cases/{caseId}", new CreateCaseResponse(
                registered.CaseId, registered.CaseNumber, registered.TrackingToken, TrackingUrl(http, options.Value, registered.TrackingToken)));
        }).WithName("RegisterCase").WithSummary("Register a case (window officers); an Idempotency-Key makes a retry answer the first registration")
            .Produces<CreateCaseResponse>(StatusCodes.Status201Created).Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict);

        cases.MapGet("/", (HttpContext http, CaseListing listing, string? status, string? matter, DateTimeOffset? from, DateTimeOffset? to, string? q, int? page, int? pageSize) =>
            listing.List(http.User.ToActor(), status, matter, from, to, q, page ?? 1, pageSize ?? 20))
            .WithName("ListCases").WithSummary("Cases of a period, newest first; q searches case number and applicant name").Refuses(StatusCodes.Status403Forbidden);

        api.MapGet("/cases.csv", async (HttpContext http, CaseListing listing, IGrainFactory grains, ConsultCalendar centre, string? status, string? matter, DateTimeOffset? from, DateTimeOffset? to, string? q) =>
        {
            // Checked and its first page read before the response starts: bad input is still a problem, not a broken file.
            var rows = await listing.Export(http.User.ToActor(), status, matter, from, to, q, http.RequestAborted);
            var catalog = await grains.GetGrain<ICatalogGrain>(0).Get();
            return Results.Stream(body => CaseListCsv.Write(body, rows, catalog, centre, http.RequestAborted), MetricsEndpoints.CsvType, $"cases-{DateTime.UtcNow:yyyyMMdd}.csv");
        }).RequireAuthorization().WithTags("Cases").WithName("ExportCasesCsv").WithSummary("The same cases as the listing (all pages) as CSV, UTF-8 with BOM")
            .ProducesFile(MetricsEndpoints.CsvType).Refuses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden);

        cases.MapGet("/{caseId:guid}", (Guid caseId, HttpContext http, IGrainFactory grains) =>
            grains.GetGrain<ICaseGrain>(caseId).Get(http.User.ToActor()))
            .WithName("GetCase").WithSummary("A case").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        cases.MapPost("/{caseId:guid}/materials", async (Guid caseId, HttpContext http, IGrainFactory grains, FileMaterialStore store, IOptions<ConsultOptions> options, TimeProvider time) =>
        {
            var actor = http.User.ToActor();
            var grain = grains.GetGrain<ICaseGrain>(caseId);
            await grain.EnsureCanRead(actor);
            if (!actor.IsWindow)
                throw ConsultException.Forbidden("Only a window officer adds materials.");
            var form = await MaterialUploads.ReadForm(http);
            if (form.Files.Count != 1)
                throw ConsultException.InvalidInput("Send exactly one file per request.");
            var file = form.Files[0];
            var maxBytes = options.Value.Materials.MaxBytes;
            var fileName = MaterialUploads.Check(file.FileName, file.Length, file.ContentType, maxBytes, documentsOnly: false);
            await using var content = file.OpenReadStream();
            var material = await grain.AddMaterial(actor, await MaterialUploads.Save(
                content, fileName, form["name"].FirstOrDefault(), file.ContentType, store, maxBytes, actor.UserName, time.GetUtcNow(), http.RequestAborted));
            return Results.Created($"/api/v1/cases/{caseId}/materials/{material.Sha256}", material);
        }).DisableAntiforgery()
            .WithName("AddMaterial").WithSummary("Add a material: one file (multipart), optionally named; a new file under a name is its next version")
            .DescribesBody<MaterialUploadForm>("multipart/form-data").Produces<MaterialInfo>(StatusCodes.Status201Created).Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        cases.MapGet("/{caseId:guid}/materials/{sha256}", async (Guid caseId, string sha256, HttpContext http, IGrainFactory grains, FileMaterialStore store) =>
        {
            var view = await grains.GetGrain<ICaseGrain>(caseId).Get(http.User.ToActor());
            var material = view.Materials.FirstOrDefault(m => string.Equals(m.Sha256, sha256, StringComparison.OrdinalIgnoreCase))
                ?? throw ConsultException.NotFound("The case has no such material.");
            var stream = await store.Open(material.Sha256, http.RequestAborted)
                ?? throw ConsultException.NotFound("The material's file is missing from the store or damaged; send the same file again to restore it.");
            return Results.File(stream, MaterialContentTypes.ForServing(material.ContentType), material.FileName ?? material.Name, enableRangeProcessing: true);
        }).WithName("GetMaterial").WithSummary("A material's file")
            .ProducesFile("application/octet-stream").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        cases.MapPost("/{caseId:guid}/consultations", async (Guid caseId, OpenConsultationRequest? request, HttpContext http, IGrainFactory grains) =>
        {
            request ??= new OpenConsultationRequest();
            if (request.Departments is not null && request.Seats is not null)
                throw ConsultException.InvalidInput("Give departments or seats, not both.");
            var seats = request.Seats
                ?? request.Departments?.Select(d => new SeatRequest(d, null)).ToImmutableArray();
            var snapshot = await grains.GetGrain<ICaseGrain>(caseId).OpenConsultation(
                http.User.ToActor(), new OpenConsultation(seats, request.ScheduledAt, request.Deadline, IdempotencyKey(http), request.MeetingLink));
            return Results.Created($"/api/v1/consultations/{snapshot.RoomId}", new OpenConsultationResponse(snapshot.RoomId));
        }).WithName("OpenConsultation").WithSummary("Open the case's consultation room (window officers); an Idempotency-Key makes a retry answer the first opening")
            .Produces<OpenConsultationResponse>(StatusCodes.Status201Created).Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        cases.MapPost("/{caseId:guid}/withdraw", (Guid caseId, WithdrawRequest request, HttpContext http, IGrainFactory grains) =>
            grains.GetGrain<ICaseGrain>(caseId).Withdraw(http.User.ToActor(), request.Reason))
            .WithName("WithdrawCase").WithSummary("Withdraw the case (no room may be open)").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        cases.MapPost("/{caseId:guid}/extensions", (Guid caseId, ExtensionRequest request, HttpContext http, IGrainFactory grains) =>
            grains.GetGrain<ICaseGrain>(caseId).ExtendStatutoryLimit(http.User.ToActor(), request.Reason))
            .WithName("ExtendStatutoryLimit").WithSummary("Extend the statutory limit by 10 working days, once (managers)").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        cases.MapPost("/{caseId:guid}/resubmission", (Guid caseId, ResubmissionRequest? request, HttpContext http, IGrainFactory grains) =>
            grains.GetGrain<ICaseGrain>(caseId).MaterialsResubmitted(http.User.ToActor(), request?.Note))
            .WithName("RecordResubmission").WithSummary("The applicant resubmitted what was asked: the statutory clock runs again").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        cases.MapGet("/overdue", async (HttpContext http, IGrainFactory grains) =>
        {
            var actor = http.User.ToActor();
            if (!actor.IsManager && !actor.IsAdmin)
                throw ConsultException.Forbidden("Only managers read the supervision list.");
            var cards = await grains.GetGrain<IOverdueCasesGrain>(0).List();
            return new OverdueCasesResponse(cards.Length, cards);
        }).WithName("ListOverdueCases").WithSummary("The supervision list of red cards, newest first (managers)").Refuses(StatusCodes.Status403Forbidden);

        cases.MapPost("/{caseId:guid}/tracking-link", async (Guid caseId, HttpContext http, IGrainFactory grains, IOptions<ConsultOptions> options) =>
        {
            var token = await grains.GetGrain<ICaseGrain>(caseId).RenewTrackingToken(http.User.ToActor());
            return new TrackingLinkResponse(token, TrackingUrl(http, options.Value, token));
        }).WithName("RenewTrackingLink").WithSummary("A new tracking link for the applicant; the old one stops working").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        cases.MapPost("/{caseId:guid}/tracking-link/sms", async (Guid caseId, HttpContext http, IGrainFactory grains, IOptions<ConsultOptions> options) =>
        {
            var sent = await grains.GetGrain<ICaseGrain>(caseId).SendTrackingLink(http.User.ToActor(), PublicLinks.BaseUrl(options.Value, http));
            return Results.Accepted($"/api/v1/cases/{caseId}/notifications", sent);
        }).WithName("TextTrackingLink").WithSummary("Text the current tracking link to the applicant's phone")
            .Produces<TrackingLinkSms>(StatusCodes.Status202Accepted).Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>The request's <c>Idempotency-Key</c>, null when absent; <c>invalid_input</c> when malformed or repeated.</summary>
    private static string? IdempotencyKey(HttpContext http)
    {
        if (!http.Request.Headers.TryGetValue(IdempotencyKeyHeader, out var values))
            return null;
        if (values.Count != 1)
            throw ConsultException.InvalidInput("Send one Idempotency-Key header.");
        var key = values[0];
        IdempotencyKeys.EnsureValid(key ?? "");
        return key;
    }

    private static string TrackingUrl(HttpContext http, ConsultOptions options, string token) =>
        PublicLinks.Track(PublicLinks.BaseUrl(options, http), token);
}
