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
