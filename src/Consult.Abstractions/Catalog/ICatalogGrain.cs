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
}
