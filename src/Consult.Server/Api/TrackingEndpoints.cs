using Consult.Cases;
using Consult.Common;
using Consult.Server.Caching;

namespace Consult.Server.Api;

public static class TrackingEndpoints
{
    public static void MapTrackingEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/track/{token}", async (string token, IGrainFactory grains, CachedReads cache) =>
            Results.Bytes(await cache.PublicView(token, async () => await PublicView(grains, token)), CachedReads.JsonContentType)).AllowAnonymous();
    }

    public static async Task<PublicCaseView> PublicView(IGrainFactory grains, string token)
    {
        if (!TrackingTokens.IsWellFormed(token))
            throw ConsultException.NotFound("No case for this link.");
        var caseId = await grains.GetGrain<ITrackingGrain>(token).Resolve()
            ?? throw ConsultException.NotFound("No case for this link.");
        return await grains.GetGrain<ICaseGrain>(caseId).GetPublicView(token);
    }
}
