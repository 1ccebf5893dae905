using Consult.Calls;
using Consult.Common;
using Consult.Realtime;
using Consult.Rooms;
using Consult.Server.Tests.Fixtures;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;

using static Consult.Server.Tests.Realtime.HubProbes;

namespace Consult.Server.Tests.Realtime;

/// <summary>
/// The room's grain is deactivated (as when Orleans collects or moves it) while people talk: the
/// call's roster comes back with the room, and the members reach each other again at once.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class CallRestoreTests(LiveServerFixture fixture)
{
    private static readonly Actor Manager = new("manager", Roles.Manager, null);

    private LiveNode Node => fixture.Node;

    [Fact]
    public async Task TheCallRosterSurvivesTheRoomGrainsDeactivationAndSignalsStillArrive()
    {
        var roomId = (await LiveRooms.Open(Node, "road-admin", "traffic-police")).RoomId;
        await using var road = await Node.Hub("road-admin");
        await using var police = await Node.Hub("traffic-police");
        var policeInbox = CallTests.Inbox(police);
        var roadRosters = CallTests.Rosters(road);
        var roadId = (await road.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId)).ConnectionId;
        var policeId = (await police.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId)).ConnectionId;
        await police.InvokeAsync(HubContract.SetCallMedia, roomId, new CallMedia(Microphone: false, Camera: true));
        var grains = Node.Services.GetRequiredService<IGrainFactory>();
        var room = grains.GetGrain<IConsultationGrain>(roomId);
        var before = await room.GetCallMembers(Manager);
        Assert.Equal([roadId, policeId], before.Members.Select(m => m.ConnectionId));

        var diagnostics = grains.GetGrain<IRoomLogDiagnostics>(roomId);
        var activation = await diagnostics.GetActivationId();
        await room.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await diagnostics.GetActivationId() == activation)
        {
            Assert.True(DateTime.UtcNow < deadline, "The room's activation did not go.");
            await Task.Delay(20);
        }

        var after = await room.GetCallMembers(Manager);
        Assert.Equal(before.Members.ToArray(), after.Members.ToArray());
        Assert.True(after.Members.Single(m => m.ConnectionId == policeId).Muted, "the member's microphone as it last reported it");
        Assert.Equal(before.Version, after.Version);

        // Before the node renews its watch of the new activation, a signal still reaches its member.
        await road.InvokeAsync(HubContract.SendSignal, roomId, policeId, new { kind = "candidate", data = new { candidate = "candidate:1 1 udp 1 127.0.0.1 5000 typ host" } });
        var received = await Eventually(() => policeInbox.FirstOrDefault());
        Assert.Equal(roadId, received.FromConnectionId);

        // A member leaves: the other hears the roster with a version later than any before the deactivation.
        await police.InvokeAsync(HubContract.LeaveCall, roomId);
        var last = await Eventually(() => roadRosters.LastOrDefault(r => r.Members.Length == 1 && r.Version > before.Version));
        Assert.Equal([roadId], last.Members.Select(m => m.ConnectionId));
        Assert.Equal([roadId], (await room.GetCallMembers(Manager)).Members.Select(m => m.ConnectionId));
    }
}
