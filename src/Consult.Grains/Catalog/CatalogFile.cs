using System.Text.Json;
using Consult.Common;

namespace Consult.Catalog;

/// <summary>The catalogue data file shipped in this assembly (Catalog/catalog.json).</summary>
public static class CatalogFile
{
    public static CatalogSnapshot Load()
    {
        using var stream = typeof(CatalogFile).Assembly.GetManifestResourceStream("Consult.Grains.Catalog.catalog.json")
            ?? throw new InvalidOperationException("The catalogue resource Consult.Grains.Catalog.catalog.json is missing from the assembly.");
        var catalog = JsonSerializer.Deserialize<CatalogSnapshot>(stream, ConsultJson.Options)
            ?? throw new InvalidOperationException("The catalogue file is empty.");
        // A matter without "stages" is decided in one consultation.
        catalog = catalog with { Matters = [.. catalog.Matters.Select(m => m.Stages.IsDefault ? m with { Stages = [] } : m)] };
        Validate(catalog);
        return catalog;
    }

    /// <summary>The shipped matters obey the rules an administrator's do: a file that breaks them fails at start-up, naming the matter.</summary>
    private static void Validate(CatalogSnapshot catalog)
    {
        foreach (var matter in catalog.Matters)
        {
            try
            {
                MatterRules.Validate(matter, catalog.Departments);
            }
            catch (ConsultException e)
            {
                throw new InvalidOperationException($"Matter '{matter.Code}' in the catalogue file: {e.Message}", e);
            }

            if (matter.Version < 1)
                throw new InvalidOperationException($"Matter '{matter.Code}' in the catalogue file: version must be 1 or more.");
        }
    }
}
