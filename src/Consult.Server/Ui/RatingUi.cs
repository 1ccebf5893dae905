using System.Collections.Immutable;
using Consult.Cases;
using Consult.Common;
using Consult.Server.Api;
using Consult.Server.Auth;
using Microsoft.AspNetCore.Components.Authorization;

namespace Consult.Server.Ui;

/// <summary>What the pages may do with the public-service rating (好差评); the same calls as the REST routes.</summary>
public sealed class RatingUi(
    AuthenticationStateProvider authentication,
    CurrentActors actors,
    IGrainFactory grains,
    TrackingRatings ratings)
{
    /// <summary>Anonymous: the applicant rates through the tracking link (<c>POST /track/{token}/rating</c>).</summary>
    public Task<PublicCaseView> Rate(string token, int score, string? comment) => ratings.Rate(token, score, comment);

    /// <summary>A window officer or a manager answers a poor rating's follow-up (<c>POST /cases/{caseId}/rating/follow-up</c>).</summary>
    public async Task<CaseView> Answer(Guid caseId, string answer) => await ratings.Answer(await Actor(), caseId, answer);

    /// <summary>The poor ratings not yet answered (<c>GET /ratings/follow-ups</c>).</summary>
    public async Task<ImmutableArray<OpenRatingFollowUp>> OpenFollowUps()
    {
        if (!(await Actor()).IsStaff)
            throw ConsultException.Forbidden("Only staff read the rating follow-ups.");
        return await grains.GetGrain<IRatingFollowUpsGrain>(0).Open();
    }

    private async Task<Actor> Actor() => await actors.Require((await authentication.GetAuthenticationStateAsync()).User);
}
