using System.Collections.Immutable;
using Consult.Cases;
using Consult.Common;
using Consult.Server.Caching;
using Consult.Server.Hosting;
using Consult.Server.Materials;
using Microsoft.Extensions.Options;

namespace Consult.Server.Api;

public static class TrackingEndpoints
{
    /// <summary>The applicant's uploads through a tracking link, per client address and minute.</summary>
    public const string SupplementPolicy = "supplement-upload";

    public static void MapTrackingEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/track/{token}", async (string token, IGrainFactory grains, CachedReads cache) =>
            Results.Bytes(await cache.PublicView(token, async () => await PublicView(grains, token)), CachedReads.JsonContentType)).AllowAnonymous();

        // The applicant's supplement: one or more files (each optionally named by a `name` field in
        // the same order), only while a supplement is asked; each becomes its material's next version.
        api.MapPost("/track/{token}/materials", async (string token, HttpContext http, IGrainFactory grains, FileMaterialStore store,
            IOptions<ConsultOptions> options, TimeProvider time, CachedReads cache) =>
        {
            var theCase = await CaseOf(grains, token);
            var form = await MaterialUploads.ReadForm(http);
            if (form.Files.Count is 0 or > CaseGrain.MaxSupplementFiles)
                throw ConsultException.InvalidInput($"Send 1 to {CaseGrain.MaxSupplementFiles} files.");
            var names = form["name"];
            if (names.Count != 0 && names.Count != form.Files.Count)
                throw ConsultException.InvalidInput("Give a name for every file, in the files' order, or none.");
            var maxBytes = options.Value.Materials.MaxBytes;
            var fileNames = form.Files.Select(f => MaterialUploads.Check(f.FileName, f.Length, f.ContentType, maxBytes, documentsOnly: true)).ToList();
            // Refused before anything is stored when nothing is asked (the grain checks again, atomically).
            var view = await theCase.GetPublicView(token);
            if (view.Status != CaseStatus.SupplementRequired || view.Supplement is not { Pending: true })
                throw ConsultException.Conflict("No supplement is asked of this case now: materials are taken through the link only while one is.");

            var materials = ImmutableArray.CreateBuilder<MaterialInfo>();
            for (var i = 0; i < form.Files.Count; i++)
            {
                var file = form.Files[i];
                await using var content = file.OpenReadStream();
                materials.Add(await MaterialUploads.Save(content, fileNames[i], names.Count == 0 ? null : names[i], file.ContentType, store,
                    maxBytes, Actor.Applicant.UserName, time.GetUtcNow(), http.RequestAborted));
            }

            var submitted = await theCase.SubmitSupplement(token, materials.ToImmutable());
            await cache.ForgetPublicView(token);
            return Results.Created($"/api/v1/track/{token}", submitted);
        }).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(SupplementPolicy);
    }

    public static async Task<PublicCaseView> PublicView(IGrainFactory grains, string token) =>
        await (await CaseOf(grains, token)).GetPublicView(token);

    private static async Task<ICaseGrain> CaseOf(IGrainFactory grains, string token)
    {
        if (!TrackingTokens.IsWellFormed(token))
            throw ConsultException.NotFound("No case for this link.");
        var caseId = await grains.GetGrain<ITrackingGrain>(token).Resolve()
            ?? throw ConsultException.NotFound("No case for this link.");
        return grains.GetGrain<ICaseGrain>(caseId);
    }
}
