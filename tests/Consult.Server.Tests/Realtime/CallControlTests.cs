using System.Collections.Concurrent;
using Consult.Calls;
using Consult.Common;
using Consult.Realtime;
using Consult.Server.Tests.Fixtures;
using Microsoft.AspNetCore.SignalR.Client;

using static Consult.Server.Tests.Realtime.CallTests;
using static Consult.Server.Tests.Realtime.HubProbes;

namespace Consult.Server.Tests.Realtime;

/// <summary>The convener's hand on the call: muting a member, and what the members report of their microphones and cameras.</summary>
[Collection(LiveCollection.Name)]
public sealed class CallControlTests(LiveServerFixture fixture)
{
    private LiveNode Node => fixture.Node;

    [Fact]
    public async Task OnlyTheConvenerMutesAMemberWhoIsToldAndShownMuted()
    {
        var (_, roomId, _) = await LiveRooms.Open(Node, "road-admin", "traffic-police");
        await using var window = await Node.Hub("window");
        await using var road = await Node.Hub("road-admin");
        await using var police = await Node.Hub("traffic-police");
        await using var manager = await Node.Hub("manager");
        var policeMuted = new ConcurrentQueue<CallMuted>();
        police.On<CallMuted>(HubContract.CallMuted, policeMuted.Enqueue);
        var roadMuted = new ConcurrentQueue<CallMuted>();
        road.On<CallMuted>(HubContract.CallMuted, roadMuted.Enqueue);
        var roadRosters = Rosters(road);
        await window.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId);
        await road.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId);
        var policeId = (await police.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId)).ConnectionId;

        Assert.Equal(ErrorCodes.Forbidden, await Refusal(road.InvokeAsync(HubContract.MuteCallMember, roomId, policeId)));
        Assert.Equal(ErrorCodes.Forbidden, await Refusal(manager.InvokeAsync(HubContract.MuteCallMember, roomId, policeId)));
        Assert.Equal(ErrorCodes.NotFound, await Refusal(window.InvokeAsync(HubContract.MuteCallMember, roomId, "no-such-connection")));
        Assert.Equal(ErrorCodes.InvalidInput, await Refusal(window.InvokeAsync(HubContract.MuteCallMember, roomId, 42)));
        Assert.Empty(policeMuted);
        Assert.DoesNotContain(roadRosters, r => r.Members.Any(m => m.Muted));

        await window.InvokeAsync(HubContract.MuteCallMember, roomId, policeId);

        var muted = await Eventually(() => policeMuted.FirstOrDefault());
        Assert.Equal(roomId, muted.RoomId);
        Assert.Equal("window", muted.By);
        var shown = await Eventually(() => roadRosters.LastOrDefault(r => r.Members.Any(m => m.ConnectionId == policeId && m.Muted)));
        Assert.Equal([policeId], shown.Members.Where(m => m.Muted).Select(m => m.ConnectionId));
        Assert.Empty(roadMuted);

        // The member turns the microphone on again (and the camera off): the others see it.
        await police.InvokeAsync(HubContract.SetCallMedia, roomId, new { microphone = true, camera = false });
        var back = await Eventually(() => roadRosters.LastOrDefault(r => r.Version > shown.Version && r.Members.Single(m => m.ConnectionId == policeId).CameraOff));
        Assert.False(back.Members.Single(m => m.ConnectionId == policeId).Muted);
        Assert.Equal(ErrorCodes.InvalidInput, await Refusal(police.InvokeAsync(HubContract.SetCallMedia, roomId, "loud")));
    }

    [Fact]
    public async Task AMemberNotInTheCallCannotBeMutedAndItsMediaReportChangesNothing()
    {
        var (_, roomId, _) = await LiveRooms.Open(Node, "road-admin");
        await using var window = await Node.Hub("window");
        await using var road = await Node.Hub("road-admin");
        var windowRosters = Rosters(window);
        var roadId = (await road.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId)).ConnectionId;
        await window.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId);
        await road.InvokeAsync(HubContract.LeaveCall, roomId);
        var gone = await Eventually(() => windowRosters.LastOrDefault(r => r.Members.Length == 1));

        Assert.Equal(ErrorCodes.NotFound, await Refusal(window.InvokeAsync(HubContract.MuteCallMember, roomId, roadId)));
        await road.InvokeAsync(HubContract.SetCallMedia, roomId, new { microphone = false, camera = false });
        await window.InvokeAsync(HubContract.LeaveCall, roomId);
        var last = await Eventually(() => windowRosters.LastOrDefault(r => r.Members.IsEmpty));
        Assert.Equal(gone.Version + 1, last.Version);
    }
}
