using System.Collections.Immutable;

namespace Consult.Metrics;

/// <summary>The case, matter, department and weekly figures, each counted from its <see cref="FigureSets"/> rows.</summary>
public static class CaseFiguresCalculator
{
    public static DecisionMetrics WithCaseFigures(this DecisionMetrics metrics, FigureSets sets, TimeZoneInfo zone)
    {
        var rows = Figures.All.ToDictionary(f => f, f => sets.Rows(f));
        var toStart = rows[Figures.ToStart];
        var cases = new CaseFigures(
            rows[Figures.Received].Length,
            toStart.Length,
            Median(toStart),
            rows[Figures.RoomsClosedLate].Length,
            rows[Figures.RoomsOverdue].Length,
            rows[Figures.StatutoryInTime].Length,
            rows[Figures.StatutoryLate].Length,
            rows[Figures.StatutoryOverdue].Length,
            rows[Figures.Supplements].Sum(Supplements),
            rows[Figures.TasksOverdue].Length,
            rows[Figures.OnBehalf].Length,
            rows[Figures.Deemed].Length);
        return metrics with { Cases = cases, ByMatter = ByMatter(rows), Ranking = Ranking(rows), Weeks = Weeks(rows[Figures.RoomsClosed], zone) };
    }

    private static ImmutableArray<MatterFigures> ByMatter(Dictionary<string, ImmutableArray<FigureRow>> rows)
    {
        int Count(string figure, string matter) => rows[figure].Count(r => r.MatterCode == matter);
        return [.. rows.Values.SelectMany(r => r).Select(r => r.MatterCode).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(matter =>
            {
                var closed = rows[Figures.RoomsClosed].Where(r => r.MatterCode == matter).ToImmutableArray();
                return new MatterFigures(
                    matter,
                    Count(Figures.Received, matter),
                    Count(Figures.RoomsOpened, matter),
                    closed.Length,
                    Median(closed),
                    Count(Figures.RoomsClosedLate, matter),
                    Count(Figures.StatutoryInTime, matter),
                    Count(Figures.StatutoryLate, matter),
                    Count(Figures.StatutoryOverdue, matter),
                    rows[Figures.Supplements].Where(r => r.MatterCode == matter).Sum(Supplements),
                    closed.Where(r => r.Detail is not null).GroupBy(r => r.Detail!).ToImmutableDictionary(g => g.Key, g => g.Count()));
            })];
    }

    /// <summary>Every department with a response, a decision made for it, a card or an overdue task: fastest median first.</summary>
    private static ImmutableArray<DepartmentFigures> Ranking(Dictionary<string, ImmutableArray<FigureRow>> rows)
    {
        int Count(string figure, string department, string? detail = null) =>
            rows[figure].Count(r => r.Department == department && (detail is null || r.Detail == detail));
        string[] figures = [Figures.Responses, Figures.OnBehalf, Figures.Deemed, Figures.Cards, Figures.TasksOverdue];
        return [.. figures.SelectMany(f => rows[f]).Select(r => r.Department).OfType<string>().Distinct(StringComparer.Ordinal)
            .Select(department =>
            {
                var responses = rows[Figures.Responses].Where(r => r.Department == department).ToImmutableArray();
                return new DepartmentFigures(
                    department,
                    responses.Length,
                    Median(responses),
                    Count(Figures.OnBehalf, department),
                    Count(Figures.Deemed, department),
                    Count(Figures.Cards, department, "yellow"),
                    Count(Figures.Cards, department, "red"),
                    Count(Figures.TasksOverdue, department));
            })
            .OrderBy(d => d.MedianResponseMinutes ?? double.MaxValue).ThenBy(d => d.Department, StringComparer.Ordinal)];
    }

    /// <summary>Rooms closed per week of the period (weeks from Monday, in the centre's time zone), oldest first.</summary>
    private static ImmutableArray<WeekFigures> Weeks(ImmutableArray<FigureRow> closed, TimeZoneInfo zone) =>
        [.. closed.GroupBy(r => Monday(r.At, zone)).OrderBy(g => g.Key)
            .Select(g => new WeekFigures(g.Key, g.Count(), Median([.. g])))];

    public static DateOnly Monday(DateTimeOffset at, TimeZoneInfo zone)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }

    private static double? Median(IReadOnlyCollection<FigureRow> rows) =>
        DecisionMetricsCalculator.Percentile([.. rows.Select(r => r.Minutes).OfType<double>().Order()], 0.5);

    private static int Supplements(FigureRow row) => int.Parse(row.Detail!, System.Globalization.CultureInfo.InvariantCulture);
}
