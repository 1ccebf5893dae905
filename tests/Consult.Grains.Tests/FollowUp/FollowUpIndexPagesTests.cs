using System.Collections.Immutable;
using Consult.Cases;
using Consult.Grains.Tests.Fixtures;
using Consult.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Consult.Grains.Tests.FollowUp;

/// <summary>
/// The follow-up index keeps its open tasks in pages by case, so a case's change rewrites one
/// small row however many tasks a province has open; a list stored before the pages is moved into
/// them. Each test runs on a cluster of its own and restarts it on the same file.
/// </summary>
public sealed class FollowUpIndexPagesTests : IDisposable
{
    private static readonly DateOnly Due = new(2026, 12, 20);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "consult-follow-up-pages-" + Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_folder, "consult.db");

    [Fact]
    public async Task ACasesChangeRewritesOnlyItsPageAndEveryTaskIsReadBackAfterARestart()
    {
        var cases = Enumerable.Range(0, 400).Select(_ => Guid.NewGuid()).ToList();
        await using (var cluster = await Start())
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

        await using var restarted = await Start();
        var open = await restarted.Client.GetGrain<IFollowUpIndexGrain>(0).Open(null);
        Assert.Equal(cases.Count * 2 - 1, open.Length);
        Assert.Equal(cases.Count - 1, (await restarted.Client.GetGrain<IFollowUpIndexGrain>(0).Open("road-admin")).Length);
        Assert.DoesNotContain(open, t => t.CaseId == cases[0] && t.Department == "road-admin");
    }

    [Fact]
    public async Task AListStoredBeforeThePagesIsMovedIntoThemOnActivation()
    {
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var cluster = await Start())
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
        await using var restarted = await Start();
        var open = await restarted.Client.GetGrain<IFollowUpIndexGrain>(0).Open(null);
        Assert.Equal([(first, 1), (second, 2)], open.Select(t => (t.CaseId, t.TaskId)).OrderBy(t => t.Item2));
    }

    private static OpenFollowUp Todo(Guid caseId, int taskId, string department) =>
        new(caseId, "CS-20261201-0001", taskId, department, "恢复路面", Due);

    private async Task<InProcessTestCluster> Start()
    {
        var cluster = ClusterFixture.Build(DatabasePath);
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Each stored row of the index: its version, size, and how many tasks it holds.</summary>
    private Dictionary<string, (long ETag, long Bytes, int Tasks)> Rows()
    {
        using var services = new ServiceCollection()
            .AddSerializer(b => b.AddAssembly(typeof(FollowUpIndexGrain).Assembly).AddAssembly(typeof(OpenFollowUp).Assembly)).BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT state_name, etag, data FROM grain_state WHERE grain_id = 'followupindex/0'";
        using var reader = select.ExecuteReader();
        var rows = new Dictionary<string, (long, long, int)>();
        while (reader.Read())
        {
            var data = (byte[])reader[2];
            rows[reader.GetString(0)] = (reader.GetInt64(1), data.Length, serializer.Deserialize<FollowUpIndexGrain.State>(data)!.Tasks.Count);
        }

        return rows;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was written.
        }
    }
}
