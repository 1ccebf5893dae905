using System.Collections.Concurrent;
using System.Net;
using Consult.Calls;
using Consult.Client;
using Consult.Realtime;
using Consult.Rooms;
using Consult.Server.Tests.Fixtures;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Consult.Server.Tests.Realtime;

/// <summary>Two hosts, one Orleans cluster: a client on one node sees what is decided through the other.</summary>
public sealed class TwoNodeTests : IAsyncLifetime
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "consult-two-nodes-" + Guid.NewGuid().ToString("N"));
    private LiveNode _a = null!;
    private LiveNode _b = null!;

    public Task InitializeAsync()
    {
        _a = new LiveNode(_dataFolder);
        _b = new LiveNode(_dataFolder, primaryPort: _a.SiloPort);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task AClientOnNodeASeesEveryDecisionMadeThroughNodeB()
    {
        var hosts = await _a.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(2, hosts.Count);

        // Several rooms, so that room grains live on both silos.
        var window = await _b.Http("window");
        var rooms = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
            var room = await (await window.Post($"/api/v1/cases/{created["caseId"]}/consultations", new { departments = new[] { "road-admin", "traffic-police" } })).Json(HttpStatusCode.Created);
            rooms.Add(Guid.Parse((string)room["roomId"]!));
        }

        await using var onA = await _a.Hub("road-admin");
        await using var onB = await _b.Hub("traffic-police");
        var logs = new Dictionary<Guid, EventLog>();
        foreach (var roomId in rooms)
        {
            logs[roomId] = new EventLog();
            await RoomSession.Join(onA, roomId, logs[roomId].Add);
        }

        foreach (var roomId in rooms)
        {
            var answer = await onB.InvokeAsync<RoomSnapshot>(HubContract.CastDecision, roomId,
                new DecisionInput("traffic-police", DecisionOutcome.Approve, Guid.NewGuid().ToString("N")));
            await logs[roomId].WaitFor(answer.Seq);
            var decision = logs[roomId].Events.Single(e => e.Type == RoomEventTypes.DecisionCast);
            Assert.Equal("traffic-police", decision.Actor);
            Assert.Equal(answer.Seq, decision.Seq);
        }
    }

    [Fact]
    public async Task CallMembersOnDifferentNodesReachEachOther()
    {
        var window = await _b.Http("window");
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var room = await (await window.Post($"/api/v1/cases/{created["caseId"]}/consultations", new { departments = new[] { "road-admin", "traffic-police" } })).Json(HttpStatusCode.Created);
        var roomId = Guid.Parse((string)room["roomId"]!);
        await using var onA = await _a.Hub("road-admin");
        await using var onB = await _b.Hub("traffic-police");
        var inboxA = new ConcurrentQueue<CallSignalDelivery>();
        var inboxB = new ConcurrentQueue<CallSignalDelivery>();
        var rostersA = new ConcurrentQueue<CallRoster>();
        onA.On<CallSignalDelivery>(HubContract.CallSignal, inboxA.Enqueue);
        onB.On<CallSignalDelivery>(HubContract.CallSignal, inboxB.Enqueue);
        onA.On<CallRoster>(HubContract.CallMembers, rostersA.Enqueue);

        var a = (await onA.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId)).ConnectionId;
        var b = (await onB.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId)).ConnectionId;
        await onA.InvokeAsync(HubContract.SendSignal, roomId, b, new { kind = "offer", data = new { type = "offer", sdp = "from A" } });
        await onB.InvokeAsync(HubContract.SendSignal, roomId, a, new { kind = "answer", data = new { type = "answer", sdp = "from B" } });

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while ((inboxA.IsEmpty || inboxB.IsEmpty || !rostersA.Any(r => r.Members.Length == 2)) && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.True(inboxB.TryPeek(out var atB), "the offer did not reach node B");
        Assert.Equal((a, "offer"), (atB.FromConnectionId, atB.Signal.Kind));
        Assert.True(inboxA.TryPeek(out var atA), "the answer did not reach node A");
        Assert.Equal((b, "answer"), (atA.FromConnectionId, atA.Signal.Kind));
        Assert.Contains(rostersA, r => r.Members.Select(m => m.ConnectionId).SequenceEqual([a, b]));
    }
}
