using Consult.Common;
using Consult.Metrics;
using Consult.Server.ApiReference;
using Consult.Server.Auth;
using Consult.Server.Caching;

namespace Consult.Server.Api;

public static class MetricsEndpoints
{
    public static void MapMetricsEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/metrics/decisions", async (DateTimeOffset? from, DateTimeOffset? to, HttpContext http, IGrainFactory grains, TimeProvider time, CachedReads cache) =>
        {
            var actor = http.User.ToActor();
            if (!actor.IsManager && !actor.IsAdmin)
                throw ConsultException.Forbidden("Only managers read the decision figures.");
            if (from is { Year: < 2000 or > 9000 } || to is { Year: < 2000 or > 9000 })
                throw ConsultException.InvalidInput("from and to must be dates between the years 2000 and 9000.");
            var end = to ?? time.GetUtcNow();
            var start = from ?? end.AddDays(-30);
            if (start >= end || end - start > TimeSpan.FromDays(366 * 3))
                throw ConsultException.InvalidInput("from must be before to, at most three years apart.");
            return Results.Bytes(
                await cache.Metrics(from, to, async () => await grains.GetGrain<IMetricsQueryGrain>(0).Query(start, end)),
                CachedReads.JsonContentType);
        }).RequireAuthorization().WithTags("Figures")
            .WithName("GetDecisionFigures").WithSummary("Figures of the period for managers (default: the last 30 days)")
            .Produces<DecisionMetrics>().Refuses(StatusCodes.Status403Forbidden);
    }
}
