using System.Globalization;
using Consult.Metrics;
using Microsoft.Extensions.Localization;

namespace Consult.Server.Ui;

/// <summary>How the console shows a figure: durations in the reader's units, ratios in percent, and the link into its cases.</summary>
public static class FigureText
{
    public static string Minutes(IStringLocalizer l, double? minutes) => minutes switch
    {
        null => "—",
        < 1 => l["Unit_Seconds", $"{minutes * 60:0}"].Value,
        < 120 => l["Unit_Minutes", $"{minutes:0}"].Value,
        < 60 * 48 => l["Unit_Hours", $"{minutes / 60:0.#}"].Value,
        _ => l["Unit_Days", $"{minutes / 60 / 24:0.#}"].Value,
    };

    public static string Percent(double? ratio) => ratio is null ? "—" : $"{ratio * 100:0}%";

    /// <summary>The page listing the cases behind <paramref name="figure"/> (see <see cref="Figures"/>).</summary>
    public static string Href(string figure, DateTimeOffset from, DateTimeOffset to, string? matter = null, string? department = null) =>
        $"/overview/figures/{figure}?{Query(from, to, matter, department)}";

    /// <summary>The same rows as CSV (<c>GET /metrics/cases.csv</c>), downloaded with the page's cookie.</summary>
    public static string CsvHref(string figure, DateTimeOffset from, DateTimeOffset to, string? matter = null, string? department = null) =>
        $"/api/v1/metrics/cases.csv?figure={figure}&{Query(from, to, matter, department)}";

    private static string Query(DateTimeOffset from, DateTimeOffset to, string? matter, string? department) =>
        $"from={Instant(from)}&to={Instant(to)}"
        + (matter is null ? "" : $"&matter={Uri.EscapeDataString(matter)}")
        + (department is null ? "" : $"&department={Uri.EscapeDataString(department)}");

    private static string Instant(DateTimeOffset at) => Uri.EscapeDataString(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}

/// <summary>The period the console shows, with its label; its figures open into their cases.</summary>
public sealed record FigurePeriod(DateTimeOffset From, DateTimeOffset To, string Label)
{
    public string Href(string figure, string? matter = null, string? department = null) => FigureText.Href(figure, From, To, matter, department);
}
