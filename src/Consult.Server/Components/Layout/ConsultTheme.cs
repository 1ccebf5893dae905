using MudBlazor;

namespace Consult.Server.Components.Layout;

public static class ConsultTheme
{

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f4e8c",
            Secondary = "#c62828",
            // Darker than MudBlazor's defaults, so white text on a chip or a button reads (WCAG AA, 4.5:1).
            Info = "#1565c0",
            Success = "#2e7d32",
            Warning = "#a15c00",
            Error = "#c62828",
            AppbarBackground = "#1f4e8c",
            Background = "#f4f6f9",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["\"Noto Sans CJK SC\"", "\"WenQuanYi Micro Hei\"", "\"Microsoft YaHei\"", "\"PingFang SC\"", "system-ui", "sans-serif"],
            },
        },
    };

    /// <summary>
    /// The theme's style sheet exactly as <see cref="MudThemeProvider"/> writes it (its scroll bars,
    /// its chart hover and the theme's CSS variables), written once per process and served in the
    /// page's head. A <see cref="MudThemeProvider"/> in the layout kept its own ~12,600-character
    /// copy of it twice (current and previous render tree) in every circuit: 50 KB per open page.
    /// </summary>
    public static string StyleSheet => Sheet.Value;

    private static readonly Lazy<string> Sheet = new(() => new StyleSheetWriter().Write(Theme));
}

/// <summary>Uses MudBlazor's own writer of the theme's CSS, outside any circuit.</summary>
file sealed class StyleSheetWriter : MudThemeProvider
{
    // Written as MudThemeProvider.razor writes its markup: scroll bars, the charts' hover, the theme.
    private const string ChartHover = "<style>\n    .mud-chart-serie:hover {\n        filter: url(#lighten);\n    }\n</style>\n";

#pragma warning disable BL0005 // a parameter set outside a renderer: this instance is never rendered, only asked for its CSS.
    public string Write(MudTheme theme)
    {
        Theme = theme;
        return BuildMudBlazorScrollbar() + ChartHover + BuildTheme();
    }
#pragma warning restore BL0005
}

