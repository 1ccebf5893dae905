using Consult.Metrics;

namespace Consult.Grains.Tests.Rating;

/// <summary>The rating figures from a fixed set of ratings: counts, averages and poor ones per matter, convener and department, in the period only.</summary>
public sealed class RatingFiguresTests
{
    private static readonly DateTimeOffset From = new(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateTimeOffset To = From.AddDays(7);

    [Fact]
    public void TheFiguresCountEachRatingOfThePeriodOncePerMatterConvenerAndDepartment()
    {
        var a = Guid.NewGuid();
        RatingRecord[] ratings =
        [
            new(a, "highway-occupation", "window", "王敏", ["road-admin", "traffic-police"], 5, From.AddHours(1)),
            // The same case again (an outbox replay reaching another bucket): counted once.
            new(a, "highway-occupation", "window", "王敏", ["road-admin", "traffic-police"], 5, From.AddHours(1)),
            new(Guid.NewGuid(), "highway-occupation", "window2", null, ["road-admin"], 2, From.AddDays(1)),
            new(Guid.NewGuid(), "school-bus", "window", "综合窗口 王敏", ["education", "traffic-police"], 4, From.AddDays(2)),
            new(Guid.NewGuid(), "school-bus", "window2", "李强", ["education"], 1, To.AddTicks(-1)),
            // Outside the period: before it, and at its end (exclusive).
            new(Guid.NewGuid(), "school-bus", "window", null, ["education"], 1, From.AddTicks(-1)),
            new(Guid.NewGuid(), "school-bus", "window", null, ["education"], 1, To),
        ];

        var figures = RatingFiguresCalculator.Compute(From, To, ratings);

        Assert.Equal(4, figures.Count);
        Assert.Equal(3.0, figures.Average);
        Assert.Equal(2, figures.Poor);
        Assert.Equal(new[] { 1, 1, 0, 1, 1 }, figures.CountByScore.ToArray());
        Assert.Equal([("highway-occupation", 2, 3.5, 1, (string?)null), ("school-bus", 2, 2.5, 1, null)], Rows(figures.Matters));
        Assert.Equal([("window", 2, 4.5, 0, "综合窗口 王敏"), ("window2", 2, 1.5, 2, "李强")], Rows(figures.Conveners));
        Assert.Equal(
            [("education", 2, 2.5, 1, (string?)null), ("road-admin", 2, 3.5, 1, null), ("traffic-police", 2, 4.5, 0, null)],
            Rows(figures.Departments));
    }

    [Fact]
    public void NoRatingsInThePeriodIsNoAverage()
    {
        var figures = RatingFiguresCalculator.Compute(From, To, [new(Guid.NewGuid(), "school-bus", "window", null, ["education"], 5, To.AddDays(1))]);
        Assert.Equal((0, (double?)null, 0), (figures.Count, figures.Average, figures.Poor));
        Assert.Equal(new[] { 0, 0, 0, 0, 0 }, figures.CountByScore.ToArray());
        Assert.Empty(figures.Matters);
    }

    private static List<(string, int, double, int, string?)> Rows(System.Collections.Immutable.ImmutableArray<RatingGroup> groups) =>
        [.. groups.Select(g => (g.Key, g.Count, g.Average, g.Poor, g.Name))];
}
