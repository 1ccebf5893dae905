using System.Collections.Immutable;
using Consult.Calendar;
using Consult.Catalog;
using Consult.Hosting;
using Consult.Metrics.Index;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;

namespace Consult.Metrics;

/// <summary>
/// Reads the month shards a period can touch (each month's buckets and its shard from before the
/// buckets) and computes the figures. Rooms live in the shard of the month they opened; a room may close months later, so shards from
/// <see cref="LookBackMonths"/> before the period are read too.
/// </summary>
[StatelessWorker]
public sealed class MetricsQueryGrain(TimeProvider time, ConsultCalendar centre) : Grain, IMetricsQueryGrain
{
    public const int LookBackMonths = 3;
    public const int MaxMonths = 36;

    public async Task<DecisionMetrics> Query(DateTimeOffset from, DateTimeOffset to)
    {
        var now = time.GetUtcNow();
        var catalog = await GrainFactory.GetGrain<ICatalogGrain>(0).Get();
        var calendar = (await GrainFactory.GetGrain<ICalendarGrain>(0).Get()).ToWorkingCalendar();
        var clock = new DecisionMetricsCalculator.Clock(calendar, centre.Hours, centre.Zone);
        return await Read(from, to, now, (shards, cases) =>
            DecisionMetricsCalculator.Compute(
                from, to, now,
                [.. shards.SelectMany(s => s.Rooms)],
                [.. shards.SelectMany(s => s.Decisions)],
                catalog,
                clock,
                cases)
            with { Ratings = RatingFiguresCalculator.Compute(from, to, [.. shards.SelectMany(s => s.Ratings.IsDefault ? [] : s.Ratings)]) });
    }

    /// <summary>
    /// The buckets' records of the period: from this node's metrics index where there is one (SQLite
    /// or Redis storage: the cases as counts, the buckets not activated), else from the buckets themselves.
    /// </summary>
    private async Task<T> Read<T>(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, Func<ImmutableArray<MetricsShard>, ICaseFigureSource, T> compute)
    {
        if (ServiceProvider.GetService<IMetricsIndex>() is { } index)
        {
            var keys = Months(from, to, now);
            // No month at all (a period wholly in the future): a scope that holds nothing.
            var (first, last) = keys.Count == 0 ? (1, 0) : (Month(keys[0]), Month(keys[^1]));
            var scope = new MetricsScope(first, last, from, to, FigureSets.Today(now, centre.Zone));
            return await index.Read(scope, compute);
        }

        var shards = await Shards(from, to, now);
        return compute([.. shards], new CaseList(from, to, FigureSets.Today(now, centre.Zone), [.. shards.SelectMany(s => s.Cases.IsDefault ? [] : s.Cases)]));
    }

    private static int Month(string key) => int.Parse(key, System.Globalization.CultureInfo.InvariantCulture);

    public async Task<ImmutableArray<DecisionRow>> Decisions(DateTimeOffset from, DateTimeOffset to) =>
        await Read(from, to, time.GetUtcNow(), (shards, _) => DecisionRows(from, to, shards));

    private static ImmutableArray<DecisionRow> DecisionRows(DateTimeOffset from, DateTimeOffset to, ImmutableArray<MetricsShard> shards)
    {
        var rooms = shards.SelectMany(s => s.Rooms).GroupBy(r => r.RoomId).ToDictionary(g => g.Key, g => g.First());
        return [.. shards.SelectMany(s => s.Decisions)
            .Where(d => d.DecidedAt >= from && d.DecidedAt < to && rooms.ContainsKey(d.RoomId))
            .Select(d => (Decision: d, Room: rooms[d.RoomId]))
            .Select(x => new DecisionRow(x.Room.CaseNumber, x.Room.MatterCode, x.Room.RoomId, x.Decision.Department, x.Decision.InvitedAt, x.Decision.DecidedAt,
                x.Room.OpenedAt, x.Room.ClosedAt, x.Room.Outcome, x.Decision.Kind))
            .OrderBy(r => r.DecidedAt).ThenBy(r => r.Department, StringComparer.Ordinal)];
    }

    public async Task<ImmutableArray<FigureRow>> Cases(DateTimeOffset from, DateTimeOffset to, string figure, string? matter, string? department)
    {
        var now = time.GetUtcNow();
        return await Read(from, to, now, (shards, cases) => new FigureSets(from, to, now,
            [.. shards.SelectMany(s => s.Rooms)],
            [.. shards.SelectMany(s => s.Decisions)],
            cases).Rows(figure, matter, department));
    }

    /// <summary>The months (yyyyMM) whose shards a period can touch, oldest first.</summary>
    private static List<string> Months(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        var first = new DateTimeOffset(from.UtcDateTime.Year, from.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(-LookBackMonths);
        var last = to < now ? to : now;
        var months = new List<string>();
        for (var month = first; month <= last && months.Count < MaxMonths + LookBackMonths; month = month.AddMonths(1))
            months.Add(IMetricsGrain.KeyFor(month));
        return months;
    }

    private async Task<MetricsShard[]> Shards(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now) =>
        await Task.WhenAll(Months(from, to, now)
            .SelectMany(shard => Enumerable.Range(0, IMetricsGrain.Buckets).Select(b => IMetricsGrain.BucketKey(shard, b)).Prepend(shard))
            .Select(k => GrainFactory.GetGrain<IMetricsGrain>(k).Get()));
}
