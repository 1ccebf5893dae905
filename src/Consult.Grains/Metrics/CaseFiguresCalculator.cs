using System.Collections.Immutable;

namespace Consult.Metrics;

/// <summary>The case, matter, department and weekly figures, each counted from its <see cref="FigureSets"/> rows.</summary>
public static class CaseFiguresCalculator
{
    public static DecisionMetrics WithCaseFigures(this DecisionMetrics metrics, FigureSets sets, TimeZoneInfo zone)
    {
        var rows = Figures.All.Where(f => !CaseTotals.Counts(f)).ToDictionary(f => f, f => sets.Rows(f));
        var totals = sets.Totals();
        var toStart = rows[Figures.ToStart];
        var cases = new CaseFigures(
            totals.Count(Figures.Received),
            toStart.Length,
            Median(toStart),
            rows[Figures.RoomsClosedLate].Length,
            rows[Figures.RoomsOverdue].Length,
            totals.Count(Figures.StatutoryInTime),
            totals.Count(Figures.StatutoryLate),
            totals.Count(Figures.StatutoryOverdue),
            totals.SupplementsByMatter.Values.Sum(),
            totals.Count(Figures.TasksOverdue),
            rows[Figures.OnBehalf].Length,
            rows[Figures.Deemed].Length);
        return metrics with { Cases = cases, ByMatter = ByMatter(rows, totals), Ranking = Ranking(rows, totals), Weeks = Weeks(rows[Figures.RoomsClosed], zone) };
    }

    private static ImmutableArray<MatterFigures> ByMatter(Dictionary<string, ImmutableArray<FigureRow>> rows, CaseTotals totals)
    {
        int Count(string figure, string matter) => rows[figure].Count(r => r.MatterCode == matter);
        return [.. rows.Values.SelectMany(r => r).Select(r => r.MatterCode).Concat(totals.Matters).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(matter =>
            {
                var closed = rows[Figures.RoomsClosed].Where(r => r.MatterCode == matter).ToImmutableArray();
                return new MatterFigures(
                    matter,
                    totals.Count(Figures.Received, matter),
                    Count(Figures.RoomsOpened, matter),
                    closed.Length,
                    Median(closed),
                    Count(Figures.RoomsClosedLate, matter),
                    totals.Count(Figures.StatutoryInTime, matter),
                    totals.Count(Figures.StatutoryLate, matter),
                    totals.Count(Figures.StatutoryOverdue, matter),
                    totals.Supplements(matter),
                    closed.Where(r => r.Detail is not null).GroupBy(r => r.Detail!).ToImmutableDictionary(g => g.Key, g => g.Count()));
            })];
    }

    /// <summary>Every department with a response, a decision made for it, a card or an overdue task: fastest median first.</summary>
    private static ImmutableArray<DepartmentFigures> Ranking(Dictionary<string, ImmutableArray<FigureRow>> rows, CaseTotals totals)
    {
        int Count(string figure, string department, string? detail = null) =>
            rows[figure].Count(r => r.Department == department && (detail is null || r.Detail == detail));
        string[] figures = [Figures.Responses, Figures.OnBehalf, Figures.Deemed, Figures.Cards];
        return [.. figures.SelectMany(f => rows[f]).Select(r => r.Department).OfType<string>()
            .Concat(totals.TasksOverdueByDepartment.Where(t => t.Value > 0).Select(t => t.Key)).Distinct(StringComparer.Ordinal)
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
                    totals.TasksOverdueByDepartment.GetValueOrDefault(department));
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
}
