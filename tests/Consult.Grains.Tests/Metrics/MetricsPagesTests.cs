using Consult.Grains.Tests.Fixtures;
using Consult.Hosting;
using Consult.Metrics;
using Consult.Rooms;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Consult.Grains.Tests.Metrics;

/// <summary>
/// A metrics bucket keeps its records in pages by id, so a report rewrites one small row, not the
/// whole bucket (a province's month is megabytes per bucket); what a bucket held before the pages
/// stays in its own row. Each test runs on a cluster of its own and restarts it on the same file.
/// </summary>
public sealed class MetricsPagesTests : IDisposable
{
    private static readonly DateTimeOffset Month = new(2024, 7, 10, 2, 0, 0, TimeSpan.Zero);
    private readonly RestartableStore _store = new();

    [Fact]
    public async Task ADecisionInAFullBucketRewritesOnlyItsRoomsPageAndEveryRecordIsReadBackAfterARestart()
    {
        var rooms = RoomsOfBucket(3, 300);
        var key = IMetricsGrain.BucketKey(IMetricsGrain.KeyFor(Month), 3);
        var cases = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid()).ToList();
        await using (var cluster = await _store.Start())
        {
            var bucket = cluster.Client.GetGrain<IMetricsGrain>(key);
            foreach (var room in rooms)
                await bucket.RoomOpened(room, "CS-20240710-0001", "highway-occupation", Month, Month.AddHours(4));
            foreach (var caseId in cases)
                await bucket.CaseChanged(Case(caseId));

            var before = Rows(key);
            Assert.DoesNotContain(StateNames.Metrics, before.Keys);
            Assert.True(before.Count > MetricsGrain.Pages / 2, $"{before.Count} rows");

            await bucket.FirstDecision(rooms[0], "road-admin", Month, Month.AddMinutes(20));
            var after = Rows(key);
            var changed = Assert.Single(after, row => row.Value.ETag != before[row.Key].ETag);
            Assert.Equal($"{StateNames.Metrics}-{MetricsGrain.PageOf(rooms[0])}", changed.Key);
            // One page of the bucket: a few rooms, not all 300 and the 100 cases.
            Assert.True(changed.Value.Bytes * 10 < after.Values.Sum(r => r.Bytes), $"{changed.Value.Bytes} of {after.Values.Sum(r => r.Bytes)} bytes");

            await bucket.CaseChanged(Case(cases[0]) with { Status = Consult.Cases.CaseStatus.Withdrawn });
            var afterCase = Rows(key);
            Assert.Equal($"{StateNames.Metrics}-{MetricsGrain.PageOf(cases[0])}", Assert.Single(afterCase, row => row.Value.ETag != after[row.Key].ETag).Key);
        }

        await using (var restarted = await _store.Start())
        {
            var shard = await restarted.Client.GetGrain<IMetricsGrain>(key).Get();
            Assert.Equal(rooms.Order(), shard.Rooms.Select(r => r.RoomId).Order());
            Assert.Equal(cases.Order(), shard.Cases.Select(c => c.CaseId).Order());
            Assert.Equal(Consult.Cases.CaseStatus.Withdrawn, Assert.Single(shard.Cases, c => c.CaseId == cases[0]).Status);
            var decision = Assert.Single(shard.Decisions);
            Assert.Equal((rooms[0], "road-admin"), (decision.RoomId, decision.Department));
            var figures = await restarted.Client.GetGrain<IMetricsQueryGrain>(0).Query(Month.AddDays(-1), Month.AddDays(1));
            Assert.Equal(rooms.Count, figures.RoomsOpened);
        }
    }

    [Fact]
    public async Task WhatABucketHeldBeforeThePagesIsKeptUpToDateInItsOwnRowAndNewRecordsGoToPages()
    {
        var rooms = RoomsOfBucket(5, 2);
        var (old, fresh) = (rooms[0], rooms[1]);
        var oldCase = Guid.NewGuid();
        var key = IMetricsGrain.BucketKey(IMetricsGrain.KeyFor(Month), 5);
        await using (var cluster = await _store.Start())
        {
            // The bucket's own row as the code before the pages wrote it.
            var stored = new MetricsGrain.State();
            stored.Rooms[old] = new RoomRecord(old, "CS-20240710-0001", "highway-occupation", Month, Month.AddHours(4), null, null);
            stored.Cases[oldCase] = Case(oldCase);
            var storage = cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Consult);
            await storage.WriteStateAsync(StateNames.Metrics, GrainId.Create("metrics", key), new GrainState<MetricsGrain.State>(stored));

            var bucket = cluster.Client.GetGrain<IMetricsGrain>(key);
            await bucket.FirstDecision(old, "road-admin", Month, Month.AddMinutes(20));
            await bucket.RoomClosed(old, Month.AddHours(1), JointOutcome.Approved);
            await bucket.CaseChanged(Case(oldCase) with { Status = Consult.Cases.CaseStatus.Withdrawn });
            await bucket.RoomOpened(fresh, "CS-20240710-0002", "highway-occupation", Month, Month.AddHours(4));
            await bucket.FirstDecision(fresh, "road-admin", Month, Month.AddMinutes(30));
        }

        var own = Assert.Single(States(key, StateNames.Metrics));
        Assert.Equal(JointOutcome.Approved, Assert.Single(own.Rooms.Values).Outcome);
        Assert.Equal(old, Assert.Single(own.Decisions).RoomId);
        Assert.Equal(Consult.Cases.CaseStatus.Withdrawn, Assert.Single(own.Cases.Values).Status);
        var page = Assert.Single(States(key, $"{StateNames.Metrics}-{MetricsGrain.PageOf(fresh)}"));
        Assert.Equal(fresh, Assert.Single(page.Rooms.Values).RoomId);
        Assert.Equal(fresh, Assert.Single(page.Decisions).RoomId);

        await using var restarted = await _store.Start();
        var shard = await restarted.Client.GetGrain<IMetricsGrain>(key).Get();
        Assert.Equal(new[] { old, fresh }.Order(), shard.Rooms.Select(r => r.RoomId).Order());
        Assert.Equal(2, shard.Decisions.Length);
        Assert.True(await restarted.Client.GetGrain<IMetricsGrain>(key).Knows(old));
        Assert.True(await restarted.Client.GetGrain<IMetricsGrain>(key).Knows(fresh));
    }

    private static List<Guid> RoomsOfBucket(int bucket, int count)
    {
        var rooms = new List<Guid>();
        while (rooms.Count < count)
        {
            var room = Guid.NewGuid();
            if (IMetricsGrain.BucketOf(room) == bucket)
                rooms.Add(room);
        }

        return rooms;
    }

    private static CaseRecord Case(Guid caseId) =>
        new(caseId, "CS-20240710-0001", "highway-occupation", Month, Consult.Cases.CaseStatus.Received, DateOnly.FromDateTime(Month.UtcDateTime.AddDays(20)), null, null, 0, []);

    /// <summary>The bucket's stored row <paramref name="stateName"/> (none or one).</summary>
    private List<MetricsGrain.State> States(string key, string stateName) =>
        [.. _store.Rows($"metrics/{key}").Where(r => r.Key == stateName).Select(r => _store.Read<MetricsGrain.State>(r.Value.Data))];

    /// <summary>Each stored row of the bucket: its version and size.</summary>
    private Dictionary<string, (long ETag, long Bytes)> Rows(string key) =>
        _store.Rows($"metrics/{key}").ToDictionary(r => r.Key, r => (r.Value.ETag, (long)r.Value.Data.Length));

    public void Dispose() => _store.Dispose();
}
