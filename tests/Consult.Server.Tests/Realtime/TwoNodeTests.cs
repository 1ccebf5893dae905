using System.Net;
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
}
