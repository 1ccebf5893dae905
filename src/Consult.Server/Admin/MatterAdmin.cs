using System.Collections.Immutable;
using Consult.Catalog;
using Consult.Common;

namespace Consult.Server.Admin;

/// <summary>
/// The administrators' matters (事项): add one, edit one. Each save is the matter's next version,
/// made only from the version the editor started with (another administrator's save in between
/// is a <c>conflict</c>); earlier versions stay, for the cases registered under them. Each change
/// is audited with the matter before and after, and the catalogue's cache is told at once.
/// </summary>
public sealed class MatterAdmin(IGrainFactory grains, AdminAudit audit, Caching.CachedReads cache)
{
    private ICatalogGrain Catalog => grains.GetGrain<ICatalogGrain>(0);

    public async Task<ImmutableArray<Matter>> List(Actor actor)
    {
        RequireAdmin(actor);
        return (await Catalog.Get()).Matters;
    }

    public async Task<Matter> Get(Actor actor, string code)
    {
        RequireAdmin(actor);
        return await Current(code);
    }

    /// <summary>Every version of the matter, oldest first.</summary>
    public async Task<ImmutableArray<MatterRevision>> Versions(Actor actor, string code)
    {
        RequireAdmin(actor);
        var versions = await Catalog.MatterVersions(code);
        return versions.IsEmpty ? throw ConsultException.NotFound($"No matter '{code}'.") : versions;
    }

    public async Task<Matter> Add(Actor actor, Matter matter)
    {
        RequireAdmin(actor);
        var saved = await Catalog.PutMatter(matter, 0, actor);
        await cache.ForgetMatters();
        await audit.Record(actor, AdminAudit.Matters, saved.Code, "create", null, saved);
        return saved;
    }

    /// <summary>Saves <paramref name="matter"/> as the next version of <paramref name="code"/>, if it is still at <paramref name="baseVersion"/>.</summary>
    public async Task<Matter> Edit(Actor actor, string code, Matter matter, int? baseVersion)
    {
        RequireAdmin(actor);
        if (baseVersion is not > 0)
            throw ConsultException.InvalidInput("baseVersion is required: the version of the matter the edit started from.");
        await Current(code);
        var saved = await Catalog.PutMatter(matter with { Code = code }, baseVersion.Value, actor);
        await cache.ForgetMatters();
        var before = await Catalog.GetMatter(code, baseVersion.Value);
        await audit.Record(actor, AdminAudit.Matters, code, "edit", before, saved);
        return saved;
    }

    private async Task<Matter> Current(string code) =>
        (await Catalog.Get()).Matters.FirstOrDefault(m => m.Code == code) ?? throw ConsultException.NotFound($"No matter '{code}'.");

    private static void RequireAdmin(Actor actor)
    {
        if (!actor.IsAdmin)
            throw ConsultException.Forbidden("Only administrators edit the matter catalogue.");
    }
}
