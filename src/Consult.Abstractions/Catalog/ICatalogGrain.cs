using System.Collections.Immutable;
using Consult.Common;

namespace Consult.Catalog;

/// <summary>The catalogue of departments and matters; one per cluster (key 0).</summary>
[Alias("consult.catalog-grain")]
public interface ICatalogGrain : IGrainWithIntegerKey
{
    [Alias("get")]
    Task<CatalogSnapshot> Get();

    /// <summary>
    /// Adds a department or changes one (its names, retired or not): an administrator's change,
    /// kept over the shipped catalogue file, also when a newer file ships. Answers the catalogue as it now is.
    /// </summary>
    [Alias("put-department")]
    Task<CatalogSnapshot> PutDepartment(Department department);

    /// <summary>
    /// Saves an administrator's matter as its next version: <paramref name="baseVersion"/> is the
    /// version the edit started from (0 for a new matter); another is <c>conflict</c>, an invalid
    /// matter <c>invalid_input</c>, and nothing changes. Answers the matter as saved, with its version.
    /// </summary>
    [Alias("put-matter")]
    Task<Matter> PutMatter(Matter matter, int baseVersion, Actor actor);

    /// <summary>A version of a matter, current or not; null when there is no such version.</summary>
    [Alias("get-matter")]
    Task<Matter?> GetMatter(string code, int version);

    /// <summary>Every version of a matter, oldest first; empty for an unknown matter.</summary>
    [Alias("matter-versions")]
    Task<ImmutableArray<MatterRevision>> MatterVersions(string code);
}
