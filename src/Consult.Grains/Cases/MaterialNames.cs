using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Consult.Common;

namespace Consult.Cases;

/// <summary>
/// A material's name: the matter's required material it matches (named in zh-CN, the catalogue's own
/// name) where it matches, else the name as given. Pure, so the matching is tested on its own.
/// </summary>
public static partial class MaterialNames
{
    /// <summary>
    /// <paramref name="given"/> is a chosen name or a file name. It matches a required material when,
    /// without its extension, it equals the material's zh-CN or English name (case ignored), or when
    /// exactly one required material's name contains it or is contained in it (<c>施工方案.pdf</c>
    /// → <c>符合…的设计和施工方案</c>; bracketed words such as <c>（补正）</c> set aside); a name matching
    /// two is left as given rather than guessed.
    /// </summary>
    public static string Resolve(string given, ImmutableArray<LocalizedText> required)
    {
        var name = given.Trim();
        if (required.IsDefaultOrEmpty)
            return name;
        foreach (var candidate in new[] { name, Path.GetFileNameWithoutExtension(name).Trim() }.Distinct())
        {
            if (required.FirstOrDefault(m => Same(m.Zh, candidate) || Same(m.En, candidate)) is { } exact)
                return exact.Zh;
        }

        // "施工方案（补正）" and "plan (v2)" name the material before the bracket.
        var stem = Bracketed().Replace(Path.GetFileNameWithoutExtension(name), "").Trim();
        if (stem.Length < 2)
            return name;
        var partial = required.Where(m => Overlaps(m.Zh, stem) || Overlaps(m.En, stem)).ToList();
        return partial.Count == 1 ? partial[0].Zh : name;
    }

    [GeneratedRegex(@"[（(【\[][^）)】\]]*[）)】\]]")]
    private static partial Regex Bracketed();

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b, StringComparison.OrdinalIgnoreCase);

    private static bool Overlaps(string material, string stem) =>
        material.Contains(stem, StringComparison.OrdinalIgnoreCase) || stem.Contains(material, StringComparison.OrdinalIgnoreCase);
}
