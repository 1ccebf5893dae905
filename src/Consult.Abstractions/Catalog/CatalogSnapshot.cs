using System.Collections.Immutable;

namespace Consult.Catalog;

[GenerateSerializer, Immutable, Alias("consult.catalog")]
public sealed record CatalogSnapshot(
    [property: Id(0)] int Version,
    [property: Id(1)] ImmutableArray<Department> Departments,
    [property: Id(2)] ImmutableArray<Matter> Matters)
{
    /// <summary>The departments that can be invited and given people: not retired.</summary>
    public IEnumerable<Department> ActiveDepartments => Departments.Where(d => !d.Retired);

    /// <summary>Whether <paramref name="code"/> is a department that can be invited now.</summary>
    public bool IsActive(string code) => Departments.Any(d => d.Code == code && !d.Retired);
}
