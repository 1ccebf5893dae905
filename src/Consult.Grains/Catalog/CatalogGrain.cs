using System.Collections.Immutable;
using Consult.Hosting;

namespace Consult.Catalog;

/// <summary>
/// Holds the catalogue. Seeded from the shipped data file, and re-seeded when the file's version
/// is newer than the stored one, so a deployment that ships new matters picks them up. The
/// administrators' departments (added, renamed, retired) are kept apart and laid over whatever
/// file is current, so a new file never undoes them.
/// </summary>
public sealed class CatalogGrain(
    [PersistentState(StateNames.Catalog, StorageNames.Consult)] IPersistentState<CatalogGrain.State> state) : Grain, ICatalogGrain
{
    private CatalogSnapshot _current = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var shipped = CatalogFile.Load();
        if (state.State.Catalog is null || state.State.Catalog.Version < shipped.Version)
        {
            state.State.Catalog = shipped;
            await state.WriteStateAsync(cancellationToken);
        }

        _current = Merge();
    }

    public Task<CatalogSnapshot> Get() => Task.FromResult(_current);

    public async Task<CatalogSnapshot> PutDepartment(Department department)
    {
        state.State.Departments = state.State.Departments.SetItem(department.Code, department);
        await state.WriteStateAsync();
        _current = Merge();
        return _current;
    }

    /// <summary>The shipped departments with the administrators' versions in their place, then the ones they added.</summary>
    private CatalogSnapshot Merge()
    {
        var catalog = state.State.Catalog!;
        var changes = state.State.Departments;
        if (changes.IsEmpty)
            return catalog;
        var shipped = catalog.Departments.Select(d => changes.GetValueOrDefault(d.Code) ?? d).ToList();
        var added = changes.Values.Where(d => catalog.Departments.All(s => s.Code != d.Code)).OrderBy(d => d.Code, StringComparer.Ordinal);
        return catalog with { Departments = [.. shipped, .. added] };
    }

    [GenerateSerializer, Alias("consult.catalog-grain.state")]
    public sealed class State
    {
        [Id(0)]
        public CatalogSnapshot? Catalog { get; set; }

        /// <summary>The administrators' departments by code.</summary>
        [Id(1)]
        public ImmutableDictionary<string, Department> Departments { get; set; } = ImmutableDictionary<string, Department>.Empty.WithComparers(StringComparer.Ordinal);
    }
}
