using System.Collections.Immutable;

namespace Consult.Catalog;

[GenerateSerializer, Immutable, Alias("consult.catalog")]
public sealed record CatalogSnapshot(
    [property: Id(0)] int Version,
    [property: Id(1)] ImmutableArray<Department> Departments,
    [property: Id(2)] ImmutableArray<Matter> Matters);
