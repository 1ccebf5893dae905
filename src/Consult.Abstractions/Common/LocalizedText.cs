using System.Globalization;

namespace Consult.Common;

/// <summary>A name in zh-CN (the default) and English.</summary>
[GenerateSerializer, Immutable, Alias("consult.localized-text")]
public sealed record LocalizedText(
    [property: Id(0)] string Zh,
    [property: Id(1)] string En)
{
    public string For(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "en" ? En : Zh;
}
