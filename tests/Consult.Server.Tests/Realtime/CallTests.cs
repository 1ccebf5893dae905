using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using Consult.Calls;
using Consult.Common;
using Consult.Realtime;
using Consult.Rooms;
using Consult.Rooms.Events;
using Consult.Server.Realtime.Calls;
using Consult.Server.Tests.Fixtures;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

using static Consult.Server.Tests.Realtime.HubProbes;

namespace Consult.Server.Tests.Realtime;

/// <summary>The call in the room over real SignalR connections: who may join, what a signal may be, and what the room records.</summary>
[Collection(LiveCollection.Name)]
public sealed class CallTests(LiveServerFixture fixture)
{
    public const string TurnSecret = "turn-secret-for-tests";

    private LiveNode Node => fixture.Node;

    [Fact]
    public async Task TwoMembersJoinTheCallAndTheirSignalsReachEachOtherOnly()
    {
        var roomId = await OpenRoom("road-admin", "traffic-police");
        await using var road = await Node.Hub("road-admin");
        await using var police = await Node.Hub("traffic-police");
        await using var onlooker = await Node.Hub("road-admin");
        var roadInbox = Inbox(road);
        var policeInbox = Inbox(police);
        var onlookerInbox = Inbox(onlooker);
        var roadRosters = Rosters(road);
        await onlooker.InvokeAsync<RoomSnapshot>(HubContract.JoinRoom, roomId);

        // With negotiation skipped the client does not know its connection id: the answer says it.
        var first = await road.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId);
        var roadId = first.ConnectionId;
        Assert.Equal([roadId], first.Members.Select(m => m.ConnectionId));
        var second = await police.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId);
        var policeId = second.ConnectionId;
        Assert.Equal([roadId, policeId], second.Members.Select(m => m.ConnectionId));
        Assert.Equal("traffic-police", second.Members[1].Department);
        await Eventually(() => roadRosters.LastOrDefault(r => r.Members.Length == 2));

        var offer = new { kind = "offer", data = new { type = "offer", sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n" } };
        await road.InvokeAsync(HubContract.SendSignal, roomId, policeId, offer);
        var received = await Eventually(() => policeInbox.FirstOrDefault());
        Assert.Equal(roomId, received.RoomId);
        Assert.Equal(roadId, received.FromConnectionId);
        Assert.Equal("offer", received.Signal.Kind);
        Assert.Equal("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n", JsonDocument.Parse(received.Signal.Data).RootElement.GetProperty("sdp").GetString());

        await police.InvokeAsync(HubContract.SendSignal, roomId, roadId, new { kind = "candidate", data = new { candidate = "candidate:1 1 udp 1 127.0.0.1 5000 typ host", sdpMid = "0" } });
        var back = await Eventually(() => roadInbox.FirstOrDefault());
        Assert.Equal(policeId, back.FromConnectionId);
        Assert.Empty(onlookerInbox);
    }

    [Fact]
    public async Task JoinCallHandsOutStunAndTimeLimitedTurnCredentials()
    {
        var roomId = await OpenRoom("road-admin");
        await using var road = await Node.Hub("road-admin");
        var before = DateTimeOffset.UtcNow;

        var answer = await road.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId);

        var stun = answer.IceServers.Single(s => s.Urls.Single().StartsWith("stun:", StringComparison.Ordinal));
        Assert.Null(stun.Username);
        var turn = answer.IceServers.Single(s => s.Urls.Single().StartsWith("turns:", StringComparison.Ordinal));
        var parts = turn.Username!.Split(':');
        Assert.Equal("road-admin", parts[1]);
        var expiry = DateTimeOffset.FromUnixTimeSeconds(long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(expiry, before.AddHours(11.9), before.AddHours(12.1));
        using var hmac = new System.Security.Cryptography.HMACSHA1(System.Text.Encoding.UTF8.GetBytes(TurnSecret));
        Assert.Equal(Convert.ToBase64String(hmac.ComputeHash(System.Text.Encoding.UTF8.GetBytes(turn.Username))), turn.Credential);
        Assert.Equal(CallIceServers.Credential(TurnSecret, turn.Username), turn.Credential);
    }

    [Fact]
    public async Task OnlyTheRoomsMembersJoinItsCall()
    {
        var roomId = await OpenRoom("road-admin");
        await using var tax = await Node.Hub("tax");
        await using var otherWindow = await Node.Hub("window2");
        await using var anonymous = await Node.Hub(null);
        await using var convener = await Node.Hub("window");
        await using var manager = await Node.Hub("manager");

        Assert.Equal(ErrorCodes.NotInvited, await Refusal(tax.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId)));
        Assert.Equal(ErrorCodes.Forbidden, await Refusal(otherWindow.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId)));
        Assert.Equal(ErrorCodes.Unauthorized, await Refusal(anonymous.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId)));
        Assert.Equal(ErrorCodes.NotFound, await Refusal(convener.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, Guid.NewGuid())));
        Assert.Single((await manager.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId)).Members);
        Assert.Equal(["manager", "window"], (await convener.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId)).Members.Select(m => m.UserName));
    }

    [Fact]
    public async Task SignalsAreRefusedOutsideTheCallOverSixteenKilobytesAndOverTheRate()
    {
        var roomId = await OpenRoom("road-admin", "traffic-police");
        await using var road = await Node.Hub("road-admin");
        await using var police = await Node.Hub("traffic-police");
        var candidate = new { kind = "candidate", data = new { candidate = "candidate:1 1 udp 1 127.0.0.1 5000 typ host" } };

        var roadId = (await road.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId)).ConnectionId;
        // In the room but not in the call: neither sends nor is sent to.
        await police.InvokeAsync<RoomSnapshot>(HubContract.JoinRoom, roomId);
        Assert.Equal(ErrorCodes.Forbidden, await Refusal(police.InvokeAsync(HubContract.SendSignal, roomId, roadId, candidate)));
        var policeId = (await police.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId)).ConnectionId;
        await police.InvokeAsync(HubContract.LeaveCall, roomId);
        Assert.Equal(ErrorCodes.NotFound, await Refusal(road.InvokeAsync(HubContract.SendSignal, roomId, policeId, candidate)));
        await police.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId);

        var big = new { kind = "offer", data = new { type = "offer", sdp = new string('a', CallSignal.MaxBytes) } };
        Assert.Equal(ErrorCodes.InvalidInput, await Refusal(road.InvokeAsync(HubContract.SendSignal, roomId, policeId, big)));
        Assert.Equal(ErrorCodes.InvalidInput, await Refusal(road.InvokeAsync(HubContract.SendSignal, roomId, policeId, new { kind = "media", data = "x" })));
        Assert.Equal(ErrorCodes.InvalidInput, await Refusal(road.InvokeAsync(HubContract.SendSignal, roomId, policeId, new { kind = "offer" })));
        // The same call in another room the sender is not in the call of.
        var otherRoom = await OpenRoom("road-admin", "traffic-police");
        Assert.Equal(ErrorCodes.Forbidden, await Refusal(road.InvokeAsync(HubContract.SendSignal, otherRoom, policeId, candidate)));

        var codes = new List<string>();
        string? message = null;
        for (var i = 0; i < 20; i++)
        {
            try
            {
                await road.InvokeAsync(HubContract.SendSignal, roomId, policeId, candidate);
                codes.Add("");
            }
            catch (HubException e)
            {
                codes.Add(HubContract.CodeOf(e.Message));
                message ??= e.Message;
            }
        }

        Assert.Contains("", codes);
        Assert.Contains(ErrorCodes.RateLimited, codes);
        Assert.Contains("signals per second", message);
    }

    [Fact]
    public async Task AFullMeshRefusesTheNinthMember()
    {
        var roomId = await OpenRoom("road-admin");
        var connections = new List<HubConnection>();
        try
        {
            for (var i = 0; i < 9; i++)
                connections.Add(await Node.Hub(i % 2 == 0 ? "road-admin" : "manager"));
            for (var i = 0; i < 8; i++)
                await connections[i].InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId);

            Assert.Equal(ErrorCodes.CallFull, await Refusal(connections[8].InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId)));
            await connections[0].InvokeAsync(HubContract.LeaveCall, roomId);
            Assert.Equal(8, (await connections[8].InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId)).Members.Length);
        }
        finally
        {
            foreach (var connection in connections)
                await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task JoinsAndLeavesAreRoomEventsAndClosingTheRoomEndsTheCall()
    {
        var roomId = await OpenRoom("road-admin", "traffic-police");
        var road = await Node.Hub("road-admin");
        await using var police = await Node.Hub("traffic-police");
        await using var window = await Node.Hub("window");
        var windowRosters = Rosters(window);
        var roadConnection = (await road.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId)).ConnectionId;
        await police.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId);
        await window.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId);
        await road.DisposeAsync();
        await Eventually(() => windowRosters.LastOrDefault(r => r.Members.Length == 2 && r.Members.All(m => m.ConnectionId != roadConnection)));
        await police.InvokeAsync(HubContract.LeaveCall, roomId);

        var http = await Node.Http("window");
        foreach (var (user, department) in new[] { ("road-admin", "road-admin"), ("traffic-police", "traffic-police") })
            await (await (await Node.Http(user)).Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision(department, "approve"))).Json(HttpStatusCode.OK);
        await (await http.Post($"/api/v1/consultations/{roomId}/close", new { statement = "同意" })).Json(HttpStatusCode.OK);

        await Eventually(() => windowRosters.LastOrDefault(r => r.Members.IsEmpty));
        var events = await window.InvokeAsync<ImmutableArray<RoomEvent>>(HubContract.Resync, roomId, 0L);
        Assert.Equal(["road-admin", "traffic-police", "window"], events.Where(e => e.Type == RoomEventTypes.CallJoined).Select(e => e.Actor));
        var left = events.Where(e => e.Type == RoomEventTypes.CallLeft).Select(e => (e.Actor, RoomEventPayloads.Read<CallLeft>(e).Reason)).ToList();
        Assert.Equal([("road-admin", CallLeftReasons.Disconnected), ("traffic-police", CallLeftReasons.Left), ("window", CallLeftReasons.RoomClosed)], left);
        var closedAt = events.Single(e => e.Type == RoomEventTypes.RoomClosed).Seq;
        Assert.True(events.Last(e => e.Type == RoomEventTypes.CallLeft).Seq < closedAt, "the call ends before the room's close is logged");
        Assert.Equal(ErrorCodes.RoomClosed, await Refusal(window.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId)));
    }

    private async Task<Guid> OpenRoom(params string[] departments) => (await LiveRooms.Open(Node, departments)).RoomId;

    internal static ConcurrentQueue<CallSignalDelivery> Inbox(HubConnection connection)
    {
        var inbox = new ConcurrentQueue<CallSignalDelivery>();
        connection.On<CallSignalDelivery>(HubContract.CallSignal, inbox.Enqueue);
        return inbox;
    }

    internal static ConcurrentQueue<CallRoster> Rosters(HubConnection connection)
    {
        var rosters = new ConcurrentQueue<CallRoster>();
        connection.On<CallRoster>(HubContract.CallMembers, rosters.Enqueue);
        return rosters;
    }
}
