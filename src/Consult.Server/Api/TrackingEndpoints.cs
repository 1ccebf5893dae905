using Consult.Cases;
using Consult.Common;
using Consult.Server.ApiReference;
using Consult.Server.Caching;
using Consult.Server.Materials;

namespace Consult.Server.Api;

public static class TrackingEndpoints
{
    /// <summary>The applicant's uploads through a tracking link, per client address and minute.</summary>
    public const string SupplementPolicy = "supplement-upload";

    public static void MapTrackingEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/track/{token}", async (string token, SupplementUploads uploads, CachedReads cache) =>
            Results.Bytes(await cache.PublicView(token, async () => await (await uploads.CaseOf(token)).GetPublicView(token)), CachedReads.JsonContentType))
            .AllowAnonymous().WithTags("Applicant")
            .WithName("GetPublicCaseView").WithSummary("The applicant's view of the case through the tracking link")
            .Produces<PublicCaseView>().Refuses(StatusCodes.Status404NotFound);

        // The applicant's supplement: one or more files (each optionally named by a `name` field in
        // the same order), only while a supplement is asked; each becomes its material's next version.
        api.MapPost("/track/{token}/materials", async (string token, HttpContext http, SupplementUploads uploads) =>
        {
            await uploads.CaseOf(token);
            var form = await MaterialUploads.ReadForm(http);
            var names = form["name"];
            if (names.Count != 0 && names.Count != form.Files.Count)
                throw ConsultException.InvalidInput("Give a name for every file, in the files' order, or none.");
            var files = form.Files.Select((f, i) => new SupplementFile(f.OpenReadStream, f.FileName, f.Length, f.ContentType, names.Count == 0 ? null : names[i])).ToList();
            return Results.Created($"/api/v1/track/{token}", await uploads.Submit(token, files, http.RequestAborted));
        }).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(SupplementPolicy).WithTags("Applicant")
            .WithName("SubmitSupplement").WithSummary("The applicant's supplement: 1 to 10 files (multipart), while one is asked")
            .DescribesBody<SupplementForm>("multipart/form-data").Produces<PublicCaseView>(StatusCodes.Status201Created).Refuses(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }
}
