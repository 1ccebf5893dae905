using Consult.Cases;
using Consult.Grains.Tests.Fixtures;
using Consult.Rooms;
using static Consult.Grains.Tests.Fixtures.Scenario;

namespace Consult.Grains.Tests.Storage;

/// <summary>A whole cluster stopped and a new one started on the same SQLite file.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterRestartTests
{
    [Fact]
    public async Task ANewClusterOnTheSameFileFindsRoomsAndCasesAsTheyWere()
    {
        var folder = Path.Combine(Path.GetTempPath(), "consult-restart-" + Guid.NewGuid().ToString("N"));
        var database = Path.Combine(folder, "consult.db");
        try
        {
            Guid caseId, roomId;
            string before, eventsBefore;
            await using (var first = ClusterFixture.Build(database))
            {
                await first.DeployAsync();
                var opened = await OpenRoom(first.Client, ("road-admin", SeatRole.Required), ("housing", SeatRole.Advisory));
                await opened.Room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Approve));
                await opened.Room.PostMessage(Actors.Window, new ChatMessage("请住建发表意见", "w-1"));
                caseId = opened.CaseId;
                roomId = opened.Snapshot.RoomId;
                before = System.Text.Json.JsonSerializer.Serialize(await opened.Room.Get(Actors.Window), Common.ConsultJson.Options);
                eventsBefore = System.Text.Json.JsonSerializer.Serialize(await opened.Room.GetEvents(Actors.Window, 0), Common.ConsultJson.Options);
                await first.StopAllSilosAsync();
            }

            await using var second = ClusterFixture.Build(database);
            await second.DeployAsync();
            var room = second.Client.GetGrain<IConsultationGrain>(roomId);
            Assert.Equal(before, System.Text.Json.JsonSerializer.Serialize(await room.Get(Actors.Window), Common.ConsultJson.Options));
            Assert.Equal(eventsBefore, System.Text.Json.JsonSerializer.Serialize(await room.GetEvents(Actors.Window, 0), Common.ConsultJson.Options));
            var closed = await room.Close(Actors.Window, "同意");
            Assert.Equal(JointOutcome.Approved, closed.JointOutcome);
            Assert.Equal(CaseStatus.Decided, (await second.Client.GetGrain<ICaseGrain>(caseId).Get(Actors.Window)).Status);
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }
}
