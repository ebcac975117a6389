using MudBlazor;

namespace FinalAccounts.Web.Ui;

/// <summary>The interactive pages' MudBlazor theme: the public pages' red and Chinese system fonts (no web fonts: CSP font-src 'self').</summary>
public static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#8b1a1a",
            AppbarBackground = "#8b1a1a",
            TextPrimary = "#1b1b1b",
            // MudBlazor's default error red (#f44336) reaches only 3.7:1 on white as text (停用 buttons); axe asks 4.5:1.
            Error = "#c62828",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "sans-serif"],
            },
        },
    };
}
