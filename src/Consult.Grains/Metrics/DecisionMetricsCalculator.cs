using System.Collections.Immutable;
using Consult.Calendar;
using Consult.Catalog;

namespace Consult.Metrics;

/// <summary>Pure arithmetic over the month shards' records.</summary>
public static class DecisionMetricsCalculator
{
    /// <summary>An open room counts as near its deadline past this share of its time limit.</summary>
    public const double NearDeadlineRatio = 0.8;

    /// <summary>The centre's working days and hours, for the speed-up in working time.</summary>
    public sealed record Clock(WorkingCalendar Calendar, WorkingHours Hours, TimeZoneInfo Zone)
    {
        public double WorkingMinutes(DateTimeOffset from, DateTimeOffset to) => WorkingTime.Between(from, to, Calendar, Hours, Zone).TotalMinutes;
    }

    public static DecisionMetrics Compute(
        DateTimeOffset from, DateTimeOffset to, DateTimeOffset now,
        IReadOnlyCollection<RoomRecord> rooms, IReadOnlyCollection<DecisionRecord> decisions, CatalogSnapshot catalog, Clock clock,
        IReadOnlyCollection<CaseRecord>? cases = null) =>
        Compute(from, to, now, rooms, decisions, catalog, clock, new CaseList(from, to, FigureSets.Today(now, clock.Zone), cases ?? []));

    /// <summary>The figures with their case side from <paramref name="cases"/> (a projection's counts, or a list).</summary>
    public static DecisionMetrics Compute(
        DateTimeOffset from, DateTimeOffset to, DateTimeOffset now,
        IReadOnlyCollection<RoomRecord> rooms, IReadOnlyCollection<DecisionRecord> decisions, CatalogSnapshot catalog, Clock clock,
        ICaseFigureSource cases)
    {
        bool InRange(DateTimeOffset at) => at >= from && at < to;

        var opened = rooms.Count(r => InRange(r.OpenedAt));
        var closed = rooms.Where(r => r.ClosedAt is { } c && InRange(c)).ToList();
        var minutesToClose = closed.Select(r => (r.ClosedAt!.Value - r.OpenedAt).TotalMinutes).Order().ToList();
        var outcomes = closed.GroupBy(r => r.Outcome!.Value.ToString())
            .ToImmutableDictionary(g => char.ToLowerInvariant(g.Key[0]) + g.Key[1..], g => g.Count());

        // A department's response is its own decision: one made on its behalf counts once it confirms it.
        var departments = decisions.Where(d => InRange(d.DecidedAt) && d.Kind == ResponseKind.Own)
            .GroupBy(d => d.Department)
            .Select(g => new DepartmentResponse(g.Key, g.Count(), Percentile(g.Select(d => (d.DecidedAt - d.InvitedAt).TotalMinutes).Order().ToList(), 0.5)!.Value))
            .OrderBy(d => d.Department, StringComparer.Ordinal)
            .ToImmutableArray();

        var matters = closed.GroupBy(r => r.MatterCode)
            .Select(g =>
            {
                var median = Percentile(g.Select(r => (r.ClosedAt!.Value - r.OpenedAt).TotalMinutes).Order().ToList(), 0.5)!.Value;
                var workingMedian = Percentile(g.Select(r => clock.WorkingMinutes(r.OpenedAt, r.ClosedAt!.Value)).Order().ToList(), 0.5)!.Value;
                var legacy = catalog.Matters.FirstOrDefault(m => m.Code == g.Key)?.Legacy;
                return new MatterSpeed(g.Key, g.Count(), median, legacy?.Minutes ?? 0,
                    SpeedUp(g.Count(), median, workingMedian, legacy, clock.Hours), workingMedian, legacy?.WorkingDays);
            })
            .OrderBy(m => m.MatterCode, StringComparer.Ordinal)
            .ToImmutableArray();

        var open = rooms.Where(r => r.ClosedAt is null).ToList();
        var near = open
            .Select(r => (Room: r, Ratio: (now - r.OpenedAt).TotalMinutes / Math.Max(1, (r.Deadline - r.OpenedAt).TotalMinutes)))
            .Where(x => x.Ratio >= NearDeadlineRatio)
            .OrderByDescending(x => x.Ratio)
            .Select(x => new OverdueRoom(x.Room.RoomId, x.Room.CaseNumber, x.Room.MatterCode, x.Room.OpenedAt, x.Room.Deadline, Math.Round(x.Ratio, 3),
                now > x.Room.Deadline ? Math.Floor((now - x.Room.Deadline).TotalMinutes) : null))
            .ToImmutableArray();

        var watched = rooms.Where(r => InRange(r.OpenedAt) || r.ClosedAt is null).ToList();
        var marks = watched.SelectMany(r =>
            (r.Cards.IsDefault ? [] : r.Cards).Where(c => c.Department is not null).Select(c => (Department: c.Department!, Mark: c.Level.ToString()))
            .Concat((r.DeemedConsent.IsDefault ? [] : r.DeemedConsent).Select(d => (Department: d, Mark: "deemed"))));
        var cards = marks
            .GroupBy(x => x.Department)
            .Select(g => new DepartmentCards(
                g.Key,
                g.Count(x => x.Mark == nameof(Rooms.CardLevel.Yellow)),
                g.Count(x => x.Mark == nameof(Rooms.CardLevel.Red)),
                g.Count(x => x.Mark == "deemed")))
            .OrderBy(c => c.Department, StringComparer.Ordinal)
            .ToImmutableArray();
        var supervision = watched.Where(r => !r.Cards.IsDefaultOrEmpty)
            .OrderByDescending(r => r.Cards.Max(c => c.At))
            .Select(r => new SupervisedRoom(r.RoomId, r.CaseNumber, r.MatterCode, r.Deadline, r.ClosedAt, r.Cards))
            .ToImmutableArray();

        return new DecisionMetrics(
            from,
            to,
            opened,
            closed.Count,
            outcomes,
            Percentile(minutesToClose, 0.5),
            Percentile(minutesToClose, 0.9),
            closed.Count == 0 ? null : (double)closed.Count(r => r.ClosedAt <= r.Deadline) / closed.Count,
            departments,
            matters,
            near,
            open.Count,
            cards,
            supervision)
            .WithCaseFigures(new FigureSets(from, to, now, rooms, decisions, cases), clock.Zone);
    }

    /// <summary>
    /// How many times faster than the legacy process: in working time where the legacy time is in
    /// working days, else in elapsed time; null when too few rooms closed or the median is under a
    /// minute (a ratio over almost nothing means nothing).
    /// </summary>
    public static double? SpeedUp(int closed, double medianMinutes, double medianWorkingMinutes, LegacyProcess? legacy, WorkingHours hours)
    {
        if (legacy is null || closed < MatterSpeed.MinimumClosed)
            return null;
        var (now, before) = legacy.WorkingDays is { } days
            ? (medianWorkingMinutes, WorkingTime.DaysInMinutes(days, hours))
            : (medianMinutes, legacy.Minutes);
        return now < 1 || before <= 0 ? null : Math.Round(before / now, 1);
    }

    /// <summary>Nearest-rank percentile of sorted values; null when there are none.</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
            return null;
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return Math.Round(sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)], 2);
    }
}
