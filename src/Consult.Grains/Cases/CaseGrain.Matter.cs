using Consult.Catalog;

namespace Consult.Cases;

/// <summary>The matter as it was when the case was registered: an administrator's later edit does not reach an open case.</summary>
public sealed partial class CaseGrain
{
    private async Task<Matter> Matter(CatalogSnapshot catalog)
    {
        if (State.MatterVersion > 0
            && await GrainFactory.GetGrain<ICatalogGrain>(0).GetMatter(State.MatterCode, State.MatterVersion) is { } kept)
            return kept;
        // Registered before matters had versions: the current matter, as before.
        return catalog.Matters.First(m => m.Code == State.MatterCode);
    }
}
