using System.Collections.Immutable;
using Consult.Cases;
using Consult.Common;
using Consult.Server.Caching;

namespace Consult.Server.Materials;

/// <summary>One file of the applicant's supplement: how to read it, its file name and type, and the material it is for (null: matched by its file name).</summary>
public sealed record SupplementFile(Func<Stream> Open, string? FileName, long Size, string? ContentType, string? Name);

/// <summary>
/// The applicant's supplement through a tracking link, from the REST route and from the tracking
/// page alike: every file checked (documents and pictures, the materials size limit) before any is
/// stored, refused as a <c>conflict</c> before storing when no supplement is asked, then handed to
/// the case, which adds the versions and resumes the statutory clock in one write.
/// </summary>
public sealed class SupplementUploads(IGrainFactory grains, FileMaterialStore store, CachedReads cache,
    Microsoft.Extensions.Options.IOptions<Hosting.ConsultOptions> options, TimeProvider time)
{
    public long MaxBytes => options.Value.Materials.MaxBytes;

    public async Task<PublicCaseView> Submit(string token, IReadOnlyList<SupplementFile> files, CancellationToken cancellationToken)
    {
        var theCase = await CaseOf(token);
        if (files.Count is 0 or > CaseGrain.MaxSupplementFiles)
            throw ConsultException.InvalidInput($"Send 1 to {CaseGrain.MaxSupplementFiles} files.");
        var fileNames = files.Select(f => MaterialUploads.Check(f.FileName, f.Size, f.ContentType, MaxBytes, documentsOnly: true)).ToList();
        var view = await theCase.GetPublicView(token);
        if (view.Status != CaseStatus.SupplementRequired || view.Supplement is not { Pending: true })
            throw ConsultException.Conflict("No supplement is asked of this case now: materials are taken through the link only while one is.");

        var materials = ImmutableArray.CreateBuilder<MaterialInfo>(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            await using var content = files[i].Open();
            materials.Add(await MaterialUploads.Save(content, fileNames[i], files[i].Name, files[i].ContentType, store,
                MaxBytes, Actor.Applicant.UserName, time.GetUtcNow(), cancellationToken));
        }

        var submitted = await theCase.SubmitSupplement(token, materials.MoveToImmutable());
        await cache.ForgetPublicView(token);
        return submitted;
    }

    public async Task<ICaseGrain> CaseOf(string token)
    {
        if (!TrackingTokens.IsWellFormed(token))
            throw ConsultException.NotFound("No case for this link.");
        var caseId = await grains.GetGrain<ITrackingGrain>(token).Resolve()
            ?? throw ConsultException.NotFound("No case for this link.");
        return grains.GetGrain<ICaseGrain>(caseId);
    }
}
