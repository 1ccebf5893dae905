using Consult.Server.Ui;
using Microsoft.Extensions.Localization;

namespace Consult.Server.Tests.Ui;

public sealed class ChartScaleTests
{
    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(1, 1, 2)]
    [InlineData(1.4, 1, 2)]
    [InlineData(3, 1, 4)]
    [InlineData(4, 1, 5)]
    [InlineData(7, 2, 8)]
    [InlineData(17, 5, 20)]
    [InlineData(50, 20, 60)]
    [InlineData(1234, 500, 1500)]
    public void TheAxisRisesInOneTwoFiveStepsToJustAboveTheTallestBar(double tallest, int step, double top)
    {
        Assert.Equal((step, top), ChartScale.For(tallest));
    }

    [Theory]
    [InlineData(0.001)]
    [InlineData(1)]
    [InlineData(9.99)]
    [InlineData(20)]
    [InlineData(99)]
    [InlineData(100_001)]
    public void TheTallestBarFillsMoreThanHalfTheAxisWithAFewTicksAndRoomForItsValue(double tallest)
    {
        var (step, top) = ChartScale.For(tallest);

        Assert.True(top > tallest, "the value label has room above the bar");
        Assert.True(tallest >= 1 ? tallest / top >= 0.5 : top == 1, $"{tallest} on an axis to {top}");
        Assert.InRange(top / step, 1, ChartScale.Steps + 1);
    }

    [Fact]
    public void TheChartsOptionsCarryTheScaleAndTheValues()
    {
        var bars = ChartScale.Bars([0, 1, 0]);
        var stacked = ChartScale.Stacked([3]);

        Assert.True(bars.ShowValues);
        Assert.Equal((1, 2.0), (bars.YAxisTicks, bars.YAxisSuggestedMax));
        Assert.True(stacked.ShowValues);
        Assert.Equal((1, 4.0), (stacked.YAxisTicks, stacked.YAxisSuggestedMax));
    }

    [Theory]
    [InlineData(0.4, "Figure_MedianSeconds", 24)]
    [InlineData(45, "Figure_MedianMinutes", 45)]
    [InlineData(5.26, "Figure_MedianMinutes", 5.3)]
    [InlineData(600, "Figure_MedianHours", 10)]
    [InlineData(270, "Figure_MedianHours", 4.5)]
    public void DurationsAreDrawnInTheUnitOfTheLongest(double minutes, string name, double drawn)
    {
        var unit = DurationUnit.For(new KeyNames(), [minutes / 2, minutes]);

        Assert.Equal(name, unit.SeriesName);
        Assert.Equal(drawn, unit.Of(minutes));
    }

    /// <summary>Answers every key with its name.</summary>
    private sealed class KeyNames : IStringLocalizer
    {
        public LocalizedString this[string name] => new(name, name);
        public LocalizedString this[string name, params object[] arguments] => new(name, name);
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
