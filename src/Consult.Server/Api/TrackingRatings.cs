using Consult.Cases;
using Consult.Common;
using Consult.Server.Caching;
using Consult.Server.Materials;

namespace Consult.Server.Api;

/// <summary>
/// The applicant's rating (好差评) through the tracking link, for the REST route and the page alike:
/// the link resolved, the case asked, the cached public view forgotten so the next read shows it.
/// </summary>
public sealed class TrackingRatings(IGrainFactory grains, SupplementUploads links, CachedReads cache)
{
    public async Task<PublicCaseView> Rate(string token, int? score, string? comment)
    {
        var theCase = await links.CaseOf(token);
        if (score is null)
            throw ConsultException.InvalidInput($"score is required: a whole number from {Ratings.MinScore} to {Ratings.MaxScore}.");
        var view = await grains.GetGrain<ICaseRatingGrain>(theCase.GetPrimaryKey()).Rate(token, score.Value, comment);
        await cache.ForgetPublicView(token);
        return view;
    }

    /// <summary>Staff answer a poor rating's follow-up; the applicant's cached view is forgotten (the answer is told to them).</summary>
    public async Task<CaseView> Answer(Actor actor, Guid caseId, string? answer)
    {
        var view = await grains.GetGrain<ICaseRatingGrain>(caseId).AnswerRatingFollowUp(actor, answer ?? "");
        if (view.TrackingToken is { } token)
            await cache.ForgetPublicView(token);
        return view;
    }
}
