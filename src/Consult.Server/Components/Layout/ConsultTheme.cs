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
}
