using MudBlazor;
using Microsoft.Extensions.Localization;

namespace Consult.Server.Ui;

/// <summary>
/// The console's bar charts, readable by a manager: the value on every bar, and a y-axis from 0 to
/// one step above the tallest bar in 1-2-5 steps (MudBlazor's own axis counts in steps of 20, so a
/// bar of 1 stood at a twentieth of an axis drawn to 20).
/// </summary>
public static class ChartScale
{
    /// <summary>About this many steps up to the tallest bar.</summary>
    public const int Steps = 4;

    /// <summary>The step between ticks (1, 2, 5, 10, 20, …: at least 1, MudBlazor's ticks are whole) and the axis' top.</summary>
    public static (int Step, double Top) For(double tallest)
    {
        if (!(tallest > 0))
            return (1, 1);
        var step = 1;
        for (var magnitude = 1; step * Steps < tallest; magnitude *= 10)
        {
            foreach (var factor in (int[])[1, 2, 5])
            {
                step = factor * magnitude;
                if (step * Steps >= tallest)
                    break;
            }
        }

        // Room above the tallest bar for its value.
        var top = Math.Ceiling(tallest / step) * step;
        if (tallest > top - step / 2.0)
            top += step;
        return (step, top);
    }

    public static BarChartOptions Bars(IEnumerable<double> values)
    {
        var (step, top) = For(values.DefaultIfEmpty(0).Max());
        return new BarChartOptions { ShowValues = true, YAxisTicks = step, YAxisSuggestedMax = top, YAxisFormat = "0" };
    }

    /// <summary>A stacked chart's axis is drawn to its tallest stack.</summary>
    public static StackedBarChartOptions Stacked(IEnumerable<double> stackTotals)
    {
        var (step, top) = For(stackTotals.DefaultIfEmpty(0).Max());
        return new StackedBarChartOptions { ShowValues = true, YAxisTicks = step, YAxisSuggestedMax = top, YAxisFormat = "0" };
    }
}

/// <summary>
/// The unit a chart of durations is drawn in, chosen by its longest value so the bars' values read
/// as people say them (seconds under two minutes, minutes under three hours, then hours).
/// </summary>
public sealed record DurationUnit(string SeriesName, double MinutesPerUnit)
{
    public static DurationUnit For(IStringLocalizer l, IEnumerable<double> minutes) => minutes.DefaultIfEmpty(0).Max() switch
    {
        < 2 => new(l["Figure_MedianSeconds"], 1 / 60.0),
        < 180 => new(l["Figure_MedianMinutes"], 1),
        _ => new(l["Figure_MedianHours"], 60),
    };

    /// <summary>The value drawn: whole units, or one decimal below ten.</summary>
    public double Of(double minutes)
    {
        var value = minutes / MinutesPerUnit;
        return Math.Round(value, value < 10 ? 1 : 0);
    }
}
