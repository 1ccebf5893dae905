using System.Collections.Immutable;
using Consult.Cases;
using Consult.Common;
using Consult.Server.ApiReference;
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
            .AllowAnonymous().DisableAntiforgery().WithTags("Applicant")
            .WithName("RateCase").WithSummary("The applicant rates the service (好差评, score 1–5), once, after the decision")
            .Produces<PublicCaseView>(StatusCodes.Status201Created).Refuses(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        api.MapPost("/cases/{caseId:guid}/rating/follow-up", async (Guid caseId, RatingAnswerRequest request, HttpContext http, TrackingRatings ratings) =>
            (await ratings.Answer(http.User.ToActor(), caseId, request.Answer)).Rating).RequireAuthorization().WithTags("Ratings")
            .WithName("AnswerRatingFollowUp").WithSummary("Answer a poor rating's follow-up (整改/回访) with what was done; the applicant is told")
            .Produces<CaseRating>().Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        api.MapGet("/ratings/follow-ups", async (HttpContext http, IGrainFactory grains) =>
        {
            if (!http.User.ToActor().IsStaff)
                throw ConsultException.Forbidden("Only staff read the rating follow-ups.");
            var open = await grains.GetGrain<IRatingFollowUpsGrain>(0).Open();
            return new RatingFollowUpsResponse(open.Length, open);
        }).RequireAuthorization().WithTags("Ratings")
            .WithName("ListRatingFollowUps").WithSummary("The poor ratings not yet answered, oldest first").Refuses(StatusCodes.Status403Forbidden);
    }
}

/// <summary><c>score</c>: 1 (非常不满意) to 5 (非常满意); <c>comment</c> optional, at most 500 characters.</summary>
public sealed record RatingRequest(int? Score, string? Comment = null);

public sealed record RatingAnswerRequest(string? Answer);

public sealed record RatingFollowUpsResponse(int Count, ImmutableArray<OpenRatingFollowUp> Items);
