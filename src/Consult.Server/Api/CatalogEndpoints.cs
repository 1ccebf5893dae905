using Consult.Catalog;
using Consult.Server.Caching;

namespace Consult.Server.Api;

public static class CatalogEndpoints
{
    public static void MapCatalogEndpoints(this RouteGroupBuilder api)
    {
        var catalog = api.MapGroup("/catalog").AllowAnonymous();
        catalog.MapGet("/matters", async (IGrainFactory grains, CachedReads cache) => Results.Bytes(
            await cache.Catalog("matters", async () => (await grains.GetGrain<ICatalogGrain>(0).Get()).Matters),
            CachedReads.JsonContentType));
        catalog.MapGet("/departments", async (IGrainFactory grains, CachedReads cache) => Results.Bytes(
            await cache.Catalog("departments", async () => (await grains.GetGrain<ICatalogGrain>(0).Get()).Departments),
            CachedReads.JsonContentType));
    }
}
