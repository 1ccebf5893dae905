using Consult.Hosting;

namespace Consult.Catalog;

/// <summary>
/// Holds the catalogue. Seeded from the shipped data file, and re-seeded when the file's version
/// is newer than the stored one, so a deployment that ships new matters picks them up.
/// </summary>
public sealed class CatalogGrain(
    [PersistentState(StateNames.Catalog, StorageNames.Consult)] IPersistentState<CatalogGrain.State> state) : Grain, ICatalogGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var shipped = CatalogFile.Load();
        if (state.State.Catalog is null || state.State.Catalog.Version < shipped.Version)
        {
            state.State.Catalog = shipped;
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public Task<CatalogSnapshot> Get() => Task.FromResult(state.State.Catalog!);

    [GenerateSerializer, Alias("consult.catalog-grain.state")]
    public sealed class State
    {
        [Id(0)]
        public CatalogSnapshot? Catalog { get; set; }
    }
}
