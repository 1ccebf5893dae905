using Consult.Catalog;

namespace Consult.Server.Api;

public static class CatalogEndpoints
{
    public static void MapCatalogEndpoints(this RouteGroupBuilder api)
    {
        var catalog = api.MapGroup("/catalog").AllowAnonymous();
        catalog.MapGet("/matters", async (IGrainFactory grains) => (await grains.GetGrain<ICatalogGrain>(0).Get()).Matters);
        catalog.MapGet("/departments", async (IGrainFactory grains) => (await grains.GetGrain<ICatalogGrain>(0).Get()).Departments);
    }
}
