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

    private static void Validate(CatalogSnapshot catalog)
    {
        var codes = catalog.Departments.Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var matter in catalog.Matters)
        {
            var unknown = matter.Departments.Where(s => !codes.Contains(s.Department)).Select(s => s.Department).ToList();
            if (unknown.Count > 0)
                throw new InvalidOperationException($"Matter '{matter.Code}' names unknown departments: {string.Join(", ", unknown)}.");
            if (matter.TimeLimitMinutes <= 0)
                throw new InvalidOperationException($"Matter '{matter.Code}' needs a positive timeLimitMinutes.");
            if (matter.LegalLimitWorkingDays <= 0)
                throw new InvalidOperationException($"Matter '{matter.Code}' needs a positive legalLimitWorkingDays.");
            foreach (var stage in matter.Stages)
            {
                var where = $"Stage '{stage.Code}' of matter '{matter.Code}'";
                if (stage.Departments.IsDefaultOrEmpty || !stage.Departments.Any(s => s.Role == Rooms.SeatRole.Required))
                    throw new InvalidOperationException($"{where} needs a required department.");
                if (stage.Departments.FirstOrDefault(s => !codes.Contains(s.Department)) is { } seat)
                    throw new InvalidOperationException($"{where} names an unknown department: {seat.Department}.");
                if (stage.LimitWorkingDays is <= 0)
                    throw new InvalidOperationException($"{where} needs a positive limitWorkingDays, or none.");
            }
        }
    }
}
