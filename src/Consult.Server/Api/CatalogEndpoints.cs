using System.Collections.Immutable;
using Consult.Catalog;
using Consult.Server.ApiReference;
using Consult.Server.Caching;

namespace Consult.Server.Api;

public static class CatalogEndpoints
{
    public static void MapCatalogEndpoints(this RouteGroupBuilder api)
    {
        var catalog = api.MapGroup("/catalog").AllowAnonymous().WithTags("Catalogue");
        catalog.MapGet("/matters", async (IGrainFactory grains, CachedReads cache) => Results.Bytes(
            await cache.Catalog("matters", async () => (await grains.GetGrain<ICatalogGrain>(0).Get()).Matters),
            CachedReads.JsonContentType))
            .WithName("ListMatters").WithSummary("The matters (事项) with their seats, rule, limits, materials and legacy time")
            .Produces<ImmutableArray<Matter>>();
        catalog.MapGet("/departments", async (IGrainFactory grains, CachedReads cache) => Results.Bytes(
            await cache.Catalog("departments", async () => (await grains.GetGrain<ICatalogGrain>(0).Get()).Departments),
            CachedReads.JsonContentType))
            .WithName("ListDepartments").WithSummary("The departments, with Chinese and English names")
            .Produces<ImmutableArray<Department>>();
    }
}
