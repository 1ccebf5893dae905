using System.Collections.Immutable;
using Consult.Catalog;

namespace Consult.Metrics;

/// <summary>Pure arithmetic over the month shards' records.</summary>
public static class DecisionMetricsCalculator
{
    /// <summary>An open room counts as near its deadline past this share of its time limit.</summary>
    public const double NearDeadlineRatio = 0.8;

    public static DecisionMetrics Compute(
        DateTimeOffset from, DateTimeOffset to, DateTimeOffset now,
        IReadOnlyCollection<RoomRecord> rooms, IReadOnlyCollection<DecisionRecord> decisions, CatalogSnapshot catalog)
    {
        bool InRange(DateTimeOffset at) => at >= from && at < to;

        var opened = rooms.Count(r => InRange(r.OpenedAt));
        var closed = rooms.Where(r => r.ClosedAt is { } c && InRange(c)).ToList();
        var minutesToClose = closed.Select(r => (r.ClosedAt!.Value - r.OpenedAt).TotalMinutes).Order().ToList();
        var outcomes = closed.GroupBy(r => r.Outcome!.Value.ToString())
            .ToImmutableDictionary(g => char.ToLowerInvariant(g.Key[0]) + g.Key[1..], g => g.Count());

        var departments = decisions.Where(d => InRange(d.DecidedAt))
            .GroupBy(d => d.Department)
            .Select(g => new DepartmentResponse(g.Key, g.Count(), Percentile(g.Select(d => (d.DecidedAt - d.InvitedAt).TotalMinutes).Order().ToList(), 0.5)!.Value))
            .OrderBy(d => d.Department, StringComparer.Ordinal)
            .ToImmutableArray();

        var matters = closed.GroupBy(r => r.MatterCode)
            .Select(g =>
            {
                var median = Percentile(g.Select(r => (r.ClosedAt!.Value - r.OpenedAt).TotalMinutes).Order().ToList(), 0.5)!.Value;
                var legacy = catalog.Matters.FirstOrDefault(m => m.Code == g.Key)?.Legacy.Minutes ?? 0;
                return new MatterSpeed(g.Key, g.Count(), median, legacy, median > 0 && legacy > 0 ? legacy / median : 0);
            })
            .OrderBy(m => m.MatterCode, StringComparer.Ordinal)
            .ToImmutableArray();

        var open = rooms.Where(r => r.ClosedAt is null).ToList();
        var near = open
            .Select(r => (Room: r, Ratio: (now - r.OpenedAt).TotalMinutes / Math.Max(1, (r.Deadline - r.OpenedAt).TotalMinutes)))
            .Where(x => x.Ratio >= NearDeadlineRatio)
            .OrderByDescending(x => x.Ratio)
            .Select(x => new OverdueRoom(x.Room.RoomId, x.Room.CaseNumber, x.Room.MatterCode, x.Room.OpenedAt, x.Room.Deadline, Math.Round(x.Ratio, 3)))
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
            supervision);
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
