using System.Collections.Immutable;
using System.Text.Json;
using Consult.Common;
using Consult.Hosting;

namespace Consult.Catalog;

/// <summary>
/// Holds the catalogue. Seeded from the shipped data file, and re-seeded when the file's version
/// is newer than the stored one, so a deployment that ships new matters picks them up. The
/// administrators' departments (added, renamed, retired) and matters (added, edited) are kept
/// apart and laid over whatever file is current, so a new file never undoes them. Every version
/// of every matter is kept (<see cref="State.Matters"/>): a case keeps the version it was registered with.
/// </summary>
public sealed class CatalogGrain(
    [PersistentState(StateNames.Catalog, StorageNames.Consult)] IPersistentState<CatalogGrain.State> state,
    TimeProvider time) : Grain, ICatalogGrain
{
    private CatalogSnapshot _current = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var shipped = CatalogFile.Load();
        var changed = false;
        if (state.State.Catalog is null || state.State.Catalog.Version < shipped.Version)
        {
            state.State.Catalog = shipped;
            changed = true;
        }

        if (RecordShipped(state.State.Catalog) || changed)
            await state.WriteStateAsync(cancellationToken);
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

    public async Task<Matter> PutMatter(Matter matter, int baseVersion, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(matter);
        if (!actor.IsAdmin)
            throw ConsultException.Forbidden("Only administrators edit the matter catalogue.");
        var code = matter.Code ?? "";
        var current = _current.Matters.FirstOrDefault(m => m.Code == code);
        if (baseVersion < 0)
            throw ConsultException.InvalidInput("baseVersion must be the version the edit started from.");
        if (baseVersion == 0 && current is not null)
            throw ConsultException.Conflict($"Matter '{code}' exists already (version {current.Version}).");
        if (baseVersion > 0 && current is null)
            throw ConsultException.NotFound($"No matter '{code}'.");
        if (current is not null && current.Version != baseVersion)
            throw ConsultException.Conflict($"Matter '{code}' is at version {current.Version} now, not {baseVersion}: someone saved it meanwhile. Reload it and edit again.");
        var withStages = matter.Stages.IsDefault ? matter with { Stages = [] } : matter;
        MatterRules.Validate(withStages, _current.Departments);

        var history = Versions(code);
        var saved = withStages with { Version = (history.IsEmpty ? 0 : history[^1].Version) + 1 };
        state.State.Matters = state.State.Matters.SetItem(code, history.Add(new MatterRevision(saved, time.GetUtcNow(), actor.UserName, actor.DisplayName)));
        await state.WriteStateAsync();
        _current = Merge();
        return saved;
    }

    public Task<Matter?> GetMatter(string code, int version) =>
        Task.FromResult(Versions(code).FirstOrDefault(r => r.Version == version)?.Matter);

    public Task<ImmutableArray<MatterRevision>> MatterVersions(string code) => Task.FromResult(Versions(code));

    private ImmutableArray<MatterRevision> Versions(string code) => state.State.Matters.GetValueOrDefault(code, []);

    /// <summary>
    /// Keeps the file's matters as versions: a matter seen for the first time is kept as the file
    /// says (version 1 unless the file says otherwise); one the file changed since, and no
    /// administrator has saved, as its next version. Answers whether anything was kept.
    /// </summary>
    private bool RecordShipped(CatalogSnapshot file)
    {
        var kept = false;
        foreach (var shipped in file.Matters)
        {
            var history = Versions(shipped.Code);
            var matter = shipped.Version < 1 ? shipped with { Version = 1 } : shipped;
            if (!history.IsEmpty && (history[^1].SavedBy is not null || SameContent(history[^1].Matter, matter)))
                continue;
            if (!history.IsEmpty)
                matter = matter with { Version = Math.Max(matter.Version, history[^1].Version + 1) };
            state.State.Matters = state.State.Matters.SetItem(shipped.Code, history.Add(new MatterRevision(matter, time.GetUtcNow(), null, null)));
            kept = true;
        }

        return kept;
    }

    private static bool SameContent(Matter a, Matter b) =>
        JsonSerializer.Serialize(a with { Version = 0 }, ConsultJson.Options) == JsonSerializer.Serialize(b with { Version = 0 }, ConsultJson.Options);

    /// <summary>
    /// The shipped departments and matters with the administrators' versions in their place, then
    /// the ones they added. A matter the file no longer ships and no administrator saved is gone.
    /// </summary>
    private CatalogSnapshot Merge()
    {
        var catalog = state.State.Catalog!;
        var changes = state.State.Departments;
        var shippedDepartments = catalog.Departments.Select(d => changes.GetValueOrDefault(d.Code) ?? d);
        var addedDepartments = changes.Values.Where(d => catalog.Departments.All(s => s.Code != d.Code)).OrderBy(d => d.Code, StringComparer.Ordinal);
        var shippedMatters = catalog.Matters.Select(m => Versions(m.Code) is { IsEmpty: false } history ? history[^1].Matter : m);
        var addedMatters = state.State.Matters
            .Where(h => !h.Value.IsEmpty && h.Value[^1].SavedBy is not null && catalog.Matters.All(m => m.Code != h.Key))
            .Select(h => h.Value[^1].Matter)
            .OrderBy(m => m.Code, StringComparer.Ordinal);
        return catalog with { Departments = [.. shippedDepartments, .. addedDepartments], Matters = [.. shippedMatters, .. addedMatters] };
    }

    [GenerateSerializer, Alias("consult.catalog-grain.state")]
    public sealed class State
    {
        /// <summary>The catalogue file as last seeded.</summary>
        [Id(0)]
        public CatalogSnapshot? Catalog { get; set; }

        /// <summary>The administrators' departments by code.</summary>
        [Id(1)]
        public ImmutableDictionary<string, Department> Departments { get; set; } = ImmutableDictionary<string, Department>.Empty.WithComparers(StringComparer.Ordinal);

        /// <summary>Every version of every matter, shipped or saved by an administrator, by code, oldest first; the last is current.</summary>
        [Id(2)]
        public ImmutableDictionary<string, ImmutableArray<MatterRevision>> Matters { get; set; } = ImmutableDictionary<string, ImmutableArray<MatterRevision>>.Empty.WithComparers(StringComparer.Ordinal);
    }
}
