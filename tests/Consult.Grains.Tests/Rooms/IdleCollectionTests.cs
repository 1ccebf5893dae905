using Consult.Grains.Tests.Fixtures;
using Consult.Rooms;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime;
using static Consult.Grains.Tests.Fixtures.Scenario;

namespace Consult.Grains.Tests.Rooms;

/// <summary>
/// A closed room and its case leave memory once idle for the collection age: nothing of theirs
/// (reminders, outboxes, timers) keeps calling them. The hour's soak (S7) relies on it for a flat heap.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class IdleCollectionTests
{
    [Fact]
    public async Task AClosedRoomAndItsCaseAreDeactivatedWhenIdle()
    {
        var folder = Path.Combine(Path.GetTempPath(), "consult-idle-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var cluster = ClusterFixture.Build(Path.Combine(folder, "consult.db"), services: services =>
                services.Configure<GrainCollectionOptions>(o =>
                {
                    o.CollectionQuantum = TimeSpan.FromSeconds(2);
                    o.CollectionAge = TimeSpan.FromSeconds(10);
                }));
            await cluster.DeployAsync();
            var opened = await OpenRoom(cluster.Client, ("road-admin", SeatRole.Required), ("traffic-police", SeatRole.Required));
            await opened.Room.Join(Actors.Rep("road-admin"));
            await opened.Room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Approve));
            await opened.Room.CastDecision(Actors.Rep("traffic-police"), Decision("traffic-police", DecisionOutcome.Approve));
            await opened.Room.Close(Actors.Window, "同意");

            var management = cluster.Client.GetGrain<IManagementGrain>(0);
            async Task<List<string>> Active() =>
                [.. (await management.GetDetailedGrainStatistics())
                    .Select(s => s.GrainId.ToString())
                    .Where(id => id.Contains(opened.Snapshot.RoomId.ToString("N"), StringComparison.OrdinalIgnoreCase)
                        || id.Contains(opened.CaseId.ToString("N"), StringComparison.OrdinalIgnoreCase))];
            var active = await Active();
            Assert.Contains(active, id => id.StartsWith("consultation/", StringComparison.Ordinal));
            Assert.Contains(active, id => id.StartsWith("case/", StringComparison.Ordinal));
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (active.Count > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(1000);
                active = await Active();
            }

            Assert.True(active.Count == 0, "still active a minute after the close: " + string.Join(", ", active));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }
}
