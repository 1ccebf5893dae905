using Consult.Grains.Tests.Fixtures;
using Consult.Metrics;
using Consult.Rooms;

namespace Consult.Grains.Tests.Metrics;

/// <summary>A month's rooms report to buckets, not to one grain; the figures count each room once, also rooms from before the buckets.</summary>
[Collection(ClusterCollection.Name)]
public sealed class MetricsBucketTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset LongAgo = new(2024, 3, 10, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RoomsOfOneMonthSpreadOverBucketsAndAreEachCountedOnce()
    {
        var rooms = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToList();
        foreach (var room in rooms)
        {
            var bucket = fixture.Grains.GetGrain<IMetricsGrain>(IMetricsGrain.KeyFor(LongAgo, room));
            await bucket.RoomOpened(room, "CS-20240310-0001", "highway-occupation", LongAgo, LongAgo.AddHours(4));
            await bucket.RoomOpened(room, "CS-20240310-0001", "highway-occupation", LongAgo, LongAgo.AddHours(4));
            await bucket.RoomClosed(room, LongAgo.AddHours(1), JointOutcome.Approved);
        }

        Assert.True(rooms.Select(IMetricsGrain.BucketOf).Distinct().Count() > 4);
        var shards = await Task.WhenAll(Enumerable.Range(0, IMetricsGrain.Buckets)
            .Select(b => fixture.Grains.GetGrain<IMetricsGrain>(IMetricsGrain.BucketKey(IMetricsGrain.KeyFor(LongAgo), b)).Get()));
        Assert.Equal(rooms.Order(), shards.SelectMany(s => s.Rooms).Select(r => r.RoomId).Order());
        Assert.Empty((await fixture.Grains.GetGrain<IMetricsGrain>(IMetricsGrain.KeyFor(LongAgo)).Get()).Rooms.Where(r => rooms.Contains(r.RoomId)));

        var figures = await fixture.Grains.GetGrain<IMetricsQueryGrain>(0).Query(LongAgo.AddDays(-1), LongAgo.AddDays(1));
        Assert.Equal(40, figures.RoomsOpened);
        Assert.Equal(40, figures.RoomsClosed);
    }

    [Fact]
    public async Task ARoomFromBeforeTheBucketsStaysInItsMonthsShardAndIsCountedOnce()
    {
        var openedAt = LongAgo.AddMonths(2);
        var room = Guid.NewGuid();
        var legacy = fixture.Grains.GetGrain<IMetricsGrain>(IMetricsGrain.KeyFor(openedAt));
        await legacy.RoomOpened(room, "CS-20240510-0001", "highway-occupation", openedAt, openedAt.AddHours(4));

        // The room, now running new code, reports to its bucket (its outbox replays the opening too).
        var bucket = fixture.Grains.GetGrain<IMetricsGrain>(IMetricsGrain.KeyFor(openedAt, room));
        await bucket.RoomOpened(room, "CS-20240510-0001", "highway-occupation", openedAt, openedAt.AddHours(4));
        await bucket.FirstDecision(room, "road-admin", openedAt, openedAt.AddMinutes(20));
        await bucket.DeadlineChanged(room, openedAt.AddHours(6));
        await bucket.RoomClosed(room, openedAt.AddHours(1), JointOutcome.Approved);

        Assert.Empty((await bucket.Get()).Rooms.Where(r => r.RoomId == room));
        var kept = await legacy.Get();
        var record = Assert.Single(kept.Rooms, r => r.RoomId == room);
        Assert.Equal(openedAt.AddHours(6), record.Deadline);
        Assert.Equal(JointOutcome.Approved, record.Outcome);
        Assert.Single(kept.Decisions, d => d.RoomId == room);

        var figures = await fixture.Grains.GetGrain<IMetricsQueryGrain>(0).Query(openedAt.AddDays(-1), openedAt.AddDays(1));
        Assert.Equal(1, figures.RoomsOpened);
        Assert.Equal(1, figures.RoomsClosed);
    }
}
