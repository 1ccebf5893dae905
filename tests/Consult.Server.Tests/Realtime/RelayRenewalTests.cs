using System.Net;
using Consult.Client;
using Consult.Rooms;
using Consult.Server.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;

namespace Consult.Server.Tests.Realtime;

/// <summary>A room grain that restarts forgets the nodes watching it; the next renewal brings them back with what they missed.</summary>
public sealed class RelayRenewalTests : IAsyncLifetime
{
    private LiveNode _node = null!;

    public Task InitializeAsync()
    {
        _node = LiveNode.Temporary("consult-renewal", new() { ["Consult:Hub:RelayRenewSeconds"] = "1" });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task EventsOfARestartedRoomReachClientsThroughTheRenewal()
    {
        var window = await _node.Http("window");
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var roomId = Guid.Parse((string)(await (await window.Post($"/api/v1/cases/{created["caseId"]}/consultations", new { departments = new[] { "road-admin", "traffic-police" } })).Json(HttpStatusCode.Created))["roomId"]!);
        await using var road = await _node.Hub("road-admin");
        var log = new EventLog();
        var session = await RoomSession.Join(road, roomId, log.Add);

        var room = _node.Services.GetRequiredService<IGrainFactory>().GetGrain<IConsultationGrain>(roomId);
        await room.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Task.Delay(200);

        var police = await _node.Http("traffic-police");
        var answer = await (await police.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("traffic-police", "approve"))).Json(HttpStatusCode.OK);
        await log.WaitFor((long)answer["seq"]!, TimeSpan.FromSeconds(10));

        Assert.Equal(Enumerable.Range((int)log.Events[0].Seq, log.Events.Count).Select(i => (long)i), log.Events.Select(e => e.Seq));
        Assert.Contains(log.Events, e => e.Type == RoomEventTypes.DecisionCast && e.Actor == "traffic-police");
        Assert.Equal((long)answer["seq"]!, session.LastSeq);
    }
}
