using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace Consult.Server.Ui;

/// <summary>
/// A time on the page that runs every second: the server writes it as it stands when it renders,
/// with the target and its own clock at that moment, and the browser moves it on each second
/// (<c>js/ticks.js</c>) from there. The board no longer renders on the server every second for its
/// countdowns (a full render of every open board every second, ~30 KB of allocation each); it
/// renders for what changes and every half minute for the working time.
/// </summary>
public static class Ticking
{
    /// <summary>The time left until <paramref name="target"/> (negative once past), as <see cref="SeatStyle.Countdown"/> writes it.</summary>
    public static RenderFragment Until(DateTimeOffset target, DateTimeOffset now) => Running("data-tick-to", target, now, target - now);

    /// <summary>The time since <paramref name="start"/>, as <see cref="SeatStyle.Countdown"/> writes it.</summary>
    public static RenderFragment Since(DateTimeOffset start, DateTimeOffset now) => Running("data-tick-from", start, now, now - start);

    private static RenderFragment Running(string attribute, DateTimeOffset at, DateTimeOffset now, TimeSpan shown) => builder =>
    {
        builder.OpenElement(0, "span");
        builder.AddAttribute(1, attribute, Iso(at));
        builder.AddAttribute(2, "data-now", Iso(now));
        builder.AddContent(3, SeatStyle.Countdown(shown));
        builder.CloseElement();
    };

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
