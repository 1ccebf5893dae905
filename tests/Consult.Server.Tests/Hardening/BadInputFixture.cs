using System.Net;
using System.Text.Json.Nodes;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Hardening;

/// <summary>
/// One server on a loopback port with what the bad inputs aim at: a case just received (where a
/// consultation could be opened), a case with an open room, and their ids and tracking token.
/// </summary>
public sealed class BadInputFixture : IAsyncLifetime
{
    public LiveNode Node { get; private set; } = null!;

    public Dictionary<string, HttpClient> Clients { get; } = [];

    public string ReceivedCaseId { get; private set; } = "";

    public string RoomCaseId { get; private set; } = "";

    public string RoomId { get; private set; } = "";

    public string TrackingToken { get; private set; } = "";

    /// <summary>A room closed with road administration's approval, and its joint record's hash.</summary>
    public string ClosedRoomId { get; private set; } = "";

    public string RecordSha256 { get; private set; } = "";

    /// <summary>A case decided with a condition of road administration: follow-up task 1, open.</summary>
    public string TasksCaseId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Node = LiveNode.Temporary("consult-bad");
        foreach (var user in new[] { "window", "admin", "road-admin", "education", "manager" })
            Clients[user] = await Node.Http(user);
        var window = Clients["window"];
        ReceivedCaseId = (string)(await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created))["caseId"]!;
        var withRoom = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        RoomCaseId = (string)withRoom["caseId"]!;
        TrackingToken = (string)withRoom["trackingToken"]!;
        RoomId = (string)(await (await window.Post($"/api/v1/cases/{RoomCaseId}/consultations", new { departments = new[] { "road-admin", "traffic-police" } }))
            .Json(HttpStatusCode.Created))["roomId"]!;

        var closedCase = (string)(await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created))["caseId"]!;
        ClosedRoomId = (string)(await (await window.Post($"/api/v1/cases/{closedCase}/consultations", new { departments = new[] { "road-admin" } }))
            .Json(HttpStatusCode.Created))["roomId"]!;
        await (await Clients["road-admin"].Post($"/api/v1/consultations/{ClosedRoomId}/decisions", Contract.Decision("road-admin", "approve"))).Json(HttpStatusCode.OK);
        await (await window.Post($"/api/v1/consultations/{ClosedRoomId}/close", new { statement = "同意" })).Json(HttpStatusCode.OK);
        RecordSha256 = (string)(await window.Get($"/api/v1/consultations/{ClosedRoomId}/record"))["sha256"]!;

        TasksCaseId = (string)(await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created))["caseId"]!;
        var tasksRoom = (string)(await (await window.Post($"/api/v1/cases/{TasksCaseId}/consultations", new { departments = new[] { "road-admin" } }))
            .Json(HttpStatusCode.Created))["roomId"]!;
        await (await Clients["road-admin"].Post($"/api/v1/consultations/{tasksRoom}/decisions", Contract.Decision("road-admin", "approveWithConditions", conditions: ["施工完毕恢复路面"]))).Json(HttpStatusCode.OK);
        await (await window.Post($"/api/v1/consultations/{tasksRoom}/close", new { statement = "同意，附条件" })).Json(HttpStatusCode.OK);
    }

    /// <summary>What a refused request must leave as it was: both cases, the room's seq, how many cases exist, the calendar of 2026.</summary>
    public async Task<string> State()
    {
        var window = Clients["window"];
        var received = await window.Get($"/api/v1/cases/{ReceivedCaseId}");
        var withRoom = await window.Get($"/api/v1/cases/{RoomCaseId}");
        var room = await window.Get($"/api/v1/consultations/{RoomId}");
        var listing = await window.Get("/api/v1/cases?pageSize=1");
        var calendar = await window.Get("/api/v1/calendar/2026");
        var tasksCase = await window.Get($"/api/v1/cases/{TasksCaseId}");
        var tasks = await window.Get($"/api/v1/cases/{TasksCaseId}/tasks");
        return new JsonObject
        {
            ["received"] = received.DeepClone(),
            ["withRoom"] = withRoom.DeepClone(),
            ["roomSeq"] = room["seq"]!.DeepClone(),
            ["roomSeats"] = room["seats"]!.DeepClone(),
            ["cases"] = listing["total"]!.DeepClone(),
            ["calendar"] = calendar.DeepClone(),
            ["tasksCase"] = tasksCase.DeepClone(),
            ["tasks"] = tasks.DeepClone(),
        }.ToJsonString();
    }

    public async Task DisposeAsync()
    {
        foreach (var client in Clients.Values)
            client.Dispose();
        await Node.DisposeAsync();
    }
}
