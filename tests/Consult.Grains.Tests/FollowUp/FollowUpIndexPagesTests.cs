using System.Collections.Immutable;
using Consult.Cases;
using Consult.Grains.Tests.Fixtures;
using Consult.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Consult.Grains.Tests.FollowUp;

/// <summary>
/// The follow-up index keeps its open tasks in pages by case, so a case's change rewrites one
/// small row however many tasks a province has open; a list stored before the pages is moved into
/// them. Each test runs on a cluster of its own and restarts it on the same file.
/// </summary>
public sealed class FollowUpIndexPagesTests : IDisposable
{
    private static readonly DateOnly Due = new(2026, 12, 20);
    private readonly RestartableStore _store = new();

    [Fact]
    public async Task ACasesChangeRewritesOnlyItsPageAndEveryTaskIsReadBackAfterARestart()
    {
        var cases = Enumerable.Range(0, 400).Select(_ => Guid.NewGuid()).ToList();
        await using (var cluster = await _store.Start())
        {
            var index = cluster.Client.GetGrain<IFollowUpIndexGrain>(0);
            foreach (var caseId in cases)
                await index.Set(caseId, [Todo(caseId, 1, "road-admin"), Todo(caseId, 2, "traffic-police")]);

            var before = Rows();
            Assert.DoesNotContain(StateNames.FollowUpIndex, before.Keys);
            Assert.True(before.Count > FollowUpIndexGrain.Pages / 2, $"{before.Count} rows");

            // The road administration's task of one case is done: its page alone is written.
            await index.Set(cases[0], [Todo(cases[0], 2, "traffic-police")]);
            var after = Rows();
            var changed = Assert.Single(after, row => row.Value.ETag != before[row.Key].ETag);
            Assert.Equal($"{StateNames.FollowUpIndex}-{FollowUpIndexGrain.PageOf(cases[0])}", changed.Key);
            Assert.True(changed.Value.Bytes * 10 < after.Values.Sum(r => r.Bytes), $"{changed.Value.Bytes} of {after.Values.Sum(r => r.Bytes)} bytes");
        }

        await using var restarted = await _store.Start();
        var open = await restarted.Client.GetGrain<IFollowUpIndexGrain>(0).Open(null);
        Assert.Equal(cases.Count * 2 - 1, open.Length);
        Assert.Equal(cases.Count - 1, (await restarted.Client.GetGrain<IFollowUpIndexGrain>(0).Open("road-admin")).Length);
        Assert.DoesNotContain(open, t => t.CaseId == cases[0] && t.Department == "road-admin");
    }

    [Fact]
    public async Task AListStoredBeforeThePagesIsMovedIntoThemOnActivation()
    {
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var cluster = await _store.Start())
        {
            // The grain's own row as the code before the pages wrote it.
            var legacy = new FollowUpIndexGrain.State();
            legacy.Tasks.AddRange([Todo(first, 1, "road-admin"), Todo(second, 1, "housing"), Todo(second, 2, "road-admin")]);
            var storage = cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Consult);
            await storage.WriteStateAsync(StateNames.FollowUpIndex, GrainId.Create("followupindex", "0"), new GrainState<FollowUpIndexGrain.State>(legacy));

            var index = cluster.Client.GetGrain<IFollowUpIndexGrain>(0);
            Assert.Equal(3, (await index.Open(null)).Length);
            await index.Set(second, [Todo(second, 2, "road-admin")]);
            Assert.Equal(2, (await index.Open(null)).Length);
        }

        Assert.Equal(0, Rows()[StateNames.FollowUpIndex].Tasks);
        await using var restarted = await _store.Start();
        var open = await restarted.Client.GetGrain<IFollowUpIndexGrain>(0).Open(null);
        Assert.Equal([(first, 1), (second, 2)], open.Select(t => (t.CaseId, t.TaskId)).OrderBy(t => t.Item2));
    }

    private static OpenFollowUp Todo(Guid caseId, int taskId, string department) =>
        new(caseId, "CS-20261201-0001", taskId, department, "恢复路面", Due);

    /// <summary>Each stored row of the index: its version, size, and how many tasks it holds.</summary>
    private Dictionary<string, (long ETag, long Bytes, int Tasks)> Rows() =>
        _store.Rows("followupindex/0").ToDictionary(r => r.Key, r => (r.Value.ETag, (long)r.Value.Data.Length, _store.Read<FollowUpIndexGrain.State>(r.Value.Data).Tasks.Count));

    public void Dispose() => _store.Dispose();
}
