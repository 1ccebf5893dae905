using System.Collections.Immutable;
using Consult.Calendar;
using Consult.Catalog;
using Consult.Hosting;
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
        var shards = await Shards(from, to, now);
        var catalog = await GrainFactory.GetGrain<ICatalogGrain>(0).Get();
        var calendar = (await GrainFactory.GetGrain<ICalendarGrain>(0).Get()).ToWorkingCalendar();
        return DecisionMetricsCalculator.Compute(
            from, to, now,
            [.. shards.SelectMany(s => s.Rooms)],
            [.. shards.SelectMany(s => s.Decisions)],
            catalog,
            new DecisionMetricsCalculator.Clock(calendar, centre.Hours, centre.Zone),
            [.. shards.SelectMany(s => s.Cases.IsDefault ? [] : s.Cases)])
            with { Ratings = RatingFiguresCalculator.Compute(from, to, [.. shards.SelectMany(s => s.Ratings.IsDefault ? [] : s.Ratings)]) };
    }

    public async Task<ImmutableArray<DecisionRow>> Decisions(DateTimeOffset from, DateTimeOffset to)
    {
        var shards = await Shards(from, to, time.GetUtcNow());
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
        var shards = await Shards(from, to, now);
        return new FigureSets(from, to, now, centre.Zone,
            [.. shards.SelectMany(s => s.Rooms)],
            [.. shards.SelectMany(s => s.Decisions)],
            [.. shards.SelectMany(s => s.Cases.IsDefault ? [] : s.Cases)]).Rows(figure, matter, department);
    }

        private async Task<MetricsShard[]> Shards(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        var first = new DateTimeOffset(from.UtcDateTime.Year, from.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(-LookBackMonths);
        var last = to < now ? to : now;
        var keys = new List<string>();
        for (var month = first; month <= last && keys.Count < (MaxMonths + LookBackMonths) * (IMetricsGrain.Buckets + 1); month = month.AddMonths(1))
        {
            var shard = IMetricsGrain.KeyFor(month);
            keys.Add(shard);
            for (var bucket = 0; bucket < IMetricsGrain.Buckets; bucket++)
                keys.Add(IMetricsGrain.BucketKey(shard, bucket));
        }

        return await Task.WhenAll(keys.Select(k => GrainFactory.GetGrain<IMetricsGrain>(k).Get()));
    }
}
