using System.Collections.Immutable;
using Consult.Cases;

namespace Consult.Rooms;

/// <summary>Which versions are the latest, and whether a decision was cast on an older one. Pure.</summary>
public static class MaterialVersions
{
    /// <summary>The latest version of every named material, in the order the names first appeared.</summary>
    public static ImmutableArray<MaterialVersion> Latest(IEnumerable<MaterialInfo> materials) =>
        [.. materials
            .GroupBy(m => m.Name, StringComparer.Ordinal)
            .Select(g => g.MaxBy(m => m.Version)!)
            .Select(m => new MaterialVersion(m.Name, m.Version, m.Sha256))];

    /// <summary>
    /// True when a material <paramref name="castOn"/> names has a newer version in
    /// <paramref name="current"/>: the decision did not see what the file holds now. A material added
    /// under a new name since does not make it stale (nothing it saw changed).
    /// </summary>
    public static bool IsStale(ImmutableArray<MaterialVersion> castOn, ImmutableArray<MaterialVersion> current)
    {
        if (castOn.IsDefaultOrEmpty || current.IsDefaultOrEmpty)
            return false;
        foreach (var seen in castOn)
        {
            foreach (var now in current)
            {
                if (now.Name == seen.Name && now.Version > seen.Version)
                    return true;
            }
        }

        return false;
    }

    /// <summary><paramref name="decision"/> with its <see cref="DecisionView.Stale"/> flag against <paramref name="current"/> (itself when the flag holds already).</summary>
    public static DecisionView? Flag(DecisionView? decision, ImmutableArray<MaterialVersion> current) =>
        decision is null ? null
        : IsStale(decision.Materials, current) is var stale && stale == decision.Stale ? decision
        : decision with { Stale = stale };
}
