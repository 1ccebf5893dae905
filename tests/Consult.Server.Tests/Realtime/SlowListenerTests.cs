using System.Collections.Concurrent;
using System.Net;
using Consult.Common;
using Consult.Rooms;
using Consult.Server.Realtime;
using Consult.Server.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace Consult.Server.Tests.Realtime;

/// <summary>One Blazor circuit that takes long to render an event does not hold up the others on the node.</summary>
[Collection(LiveCollection.Name)]
public sealed class SlowListenerTests(LiveServerFixture fixture)
{
    [Fact]
    public async Task AStuckViewerDelaysNoOtherViewerOfTheRoom()
    {
        var node = fixture.Node;
        using var window = await node.Http("window");
        var caseId = (string)(await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created))["caseId"]!;
        var roomId = Guid.Parse((string)(await (await window.Post($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "road-admin" } }))
            .Json(HttpStatusCode.Created))["roomId"]!);

        var relay = node.Services.GetRequiredService<RoomRelay>();
        var release = new TaskCompletionSource();
        var fast = new ConcurrentQueue<RoomEvent>();
        var (_, stuck) = await relay.JoinLocal(new Actor("manager", Roles.Manager, null), roomId, _ => release.Task);
        var (_, quick) = await relay.JoinLocal(new Actor("window", Roles.Window, null), roomId, e => { fast.Enqueue(e); return Task.CompletedTask; });

        for (var i = 0; i < 3; i++)
            await (await window.Post($"/api/v1/consultations/{roomId}/messages", new { text = $"第{i}条", clientMessageId = Guid.NewGuid().ToString("N") })).Json(HttpStatusCode.OK);

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (fast.Count(e => e.Type == RoomEventTypes.MessagePosted) < 3 && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Equal(3, fast.Count(e => e.Type == RoomEventTypes.MessagePosted));

        release.SetResult();
        await quick.DisposeAsync();
        await stuck.DisposeAsync();
    }
}
