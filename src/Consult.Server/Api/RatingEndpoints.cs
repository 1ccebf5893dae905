using System.Collections.Immutable;
using Consult.Cases;
using Consult.Common;
using Consult.Server.Auth;

namespace Consult.Server.Api;

/// <summary>The public-service rating (好差评): the applicant's rating, the answer to a poor one, the open follow-ups.</summary>
public static class RatingEndpoints
{
    public static void MapRatingEndpoints(this RouteGroupBuilder api)
    {
        // Anonymous, like the link it is given through; limited per address with the other /track routes.
        api.MapPost("/track/{token}/rating", async (string token, RatingRequest request, TrackingRatings ratings) =>
            Results.Created($"/api/v1/track/{token}", await ratings.Rate(token, request.Score, request.Comment)))
            .AllowAnonymous().DisableAntiforgery();

        api.MapPost("/cases/{caseId:guid}/rating/follow-up", async (Guid caseId, RatingAnswerRequest request, HttpContext http, TrackingRatings ratings) =>
            (await ratings.Answer(http.User.ToActor(), caseId, request.Answer)).Rating).RequireAuthorization();

        api.MapGet("/ratings/follow-ups", async (HttpContext http, IGrainFactory grains) =>
        {
            if (!http.User.ToActor().IsStaff)
                throw ConsultException.Forbidden("Only staff read the rating follow-ups.");
            var open = await grains.GetGrain<IRatingFollowUpsGrain>(0).Open();
            return new RatingFollowUpsResponse(open.Length, open);
        }).RequireAuthorization();
    }
}

/// <summary><c>score</c>: 1 (非常不满意) to 5 (非常满意); <c>comment</c> optional, at most 500 characters.</summary>
public sealed record RatingRequest(int? Score, string? Comment = null);

public sealed record RatingAnswerRequest(string? Answer);

public sealed record RatingFollowUpsResponse(int Count, ImmutableArray<OpenRatingFollowUp> Items);
