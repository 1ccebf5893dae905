namespace Consult.Catalog;

/// <summary>The catalogue of departments and matters; one per cluster (key 0).</summary>
[Alias("consult.catalog-grain")]
public interface ICatalogGrain : IGrainWithIntegerKey
{
    [Alias("get")]
    Task<CatalogSnapshot> Get();
}
