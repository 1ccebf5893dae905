using System.Collections.Immutable;
using System.Net;
using Consult.Calls;
using Consult.Realtime;
using Consult.Rooms;
using Consult.Rooms.Events;
using Consult.Server.Tests.Fixtures;
using Consult.Server.Tests.Realtime;
using Microsoft.AspNetCore.SignalR.Client;

namespace Consult.Server.Tests.Records;

/// <summary>The joint record states who took part in the room's call by video and for how long: in its JSON and its PDF.</summary>
[Collection(LiveCollection.Name)]
public sealed class CallRecordTests(LiveServerFixture fixture)
{
    private LiveNode Node => fixture.Node;

    [Fact]
    public async Task TheRecordSumsEachMembersTimeInTheCallFromTheirJoinsAndLeaves()
    {
        var roomId = await Node.OpenRoom("road-admin", "traffic-police");
        await using var road = await Node.Hub("road-admin");
        await using var police = await Node.Hub("traffic-police");
        await road.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId);
        await police.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await police.InvokeAsync(HubContract.LeaveCall, roomId);
        // Joins again: a second interval of the same person.
        await police.InvokeAsync<CallJoinAnswer>(HubContract.JoinCall, roomId);
        await police.InvokeAsync(HubContract.LeaveCall, roomId);
        await Task.Delay(TimeSpan.FromSeconds(1));

        var window = await Node.Http("window");
        foreach (var department in new[] { "road-admin", "traffic-police" })
            await (await (await Node.Http(department)).Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision(department, "approve"))).Json(HttpStatusCode.OK);
        await (await window.Post($"/api/v1/consultations/{roomId}/close", new { statement = "同意" })).Json(HttpStatusCode.OK);

        var events = await road.InvokeAsync<ImmutableArray<RoomEvent>>(HubContract.Resync, roomId, 0L);
        var logged = events.Where(e => e.Type == RoomEventTypes.CallLeft)
            .GroupBy(e => e.Actor)
            .ToDictionary(g => g.Key, g => g.Sum(e => RoomEventPayloads.Read<CallLeft>(e).Seconds));
        var record = (await window.Get($"/api/v1/consultations/{roomId}/record"))["record"]!;
        var parts = record["callParticipants"]!.AsArray();

        Assert.Equal(["road-admin", "traffic-police"], parts.Select(p => (string?)p!["userName"]));
        Assert.Equal(["road-admin", "traffic-police"], parts.Select(p => (string?)p!["department"]));
        Assert.Equal([1, 2], parts.Select(p => (int)p!["joins"]!));
        var roadSeconds = (long)parts[0]!["seconds"]!;
        var policeSeconds = (long)parts[1]!["seconds"]!;
        // The road representative stayed until the close, two seconds and more; the police left after one.
        Assert.InRange(roadSeconds, 2, 60);
        Assert.InRange(policeSeconds, 1, roadSeconds - 1);
        // Within a second per interval of what the leaves logged (whole seconds each).
        Assert.InRange(roadSeconds, logged["road-admin"], logged["road-admin"] + 1);
        Assert.InRange(policeSeconds, logged["traffic-police"], logged["traffic-police"] + 2);
        Assert.Equal((string?)record["closedAt"], (string?)parts[0]!["lastLeftAt"]);

        var pdf = RecordApiTests.PdfText(await window.GetByteArrayAsync($"/api/v1/consultations/{roomId}/record.pdf"));
        Assert.Contains("视频参会", pdf, StringComparison.Ordinal);
        Assert.Contains($"（公安交警）：共0分{policeSeconds % 60}秒，加入2次", pdf, StringComparison.Ordinal);
    }
}
