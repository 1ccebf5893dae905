using Consult.Cases;
using Consult.Common;

namespace Consult.Server.Api;

public static class TrackingEndpoints
{
    public const int MaxTokenLength = 64;

    public static void MapTrackingEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/track/{token}", (string token, IGrainFactory grains) => PublicView(grains, token)).AllowAnonymous();
    }

    public static async Task<PublicCaseView> PublicView(IGrainFactory grains, string token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
            throw ConsultException.NotFound("No case for this link.");
        var caseId = await grains.GetGrain<ITrackingGrain>(token).Resolve()
            ?? throw ConsultException.NotFound("No case for this link.");
        return await grains.GetGrain<ICaseGrain>(caseId).GetPublicView(token);
    }
}
