using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Consult.Server.Tests.Fixtures;
using Consult.Server.Tests.Records;

namespace Consult.Server.Tests.FollowUp;

/// <summary>A case's audit export: every timeline entry and room event, as JSON Lines and CSV, the same bytes on every read of a closed case.</summary>
[Collection(AppCollection.Name)]
public sealed class AuditApiTests(ConsultApp app)
{
    [Fact]
    public async Task TheExportOfAClosedCaseHoldsEveryEventAndIsTheSameBytesOnEveryRead()
    {
        var scenario = await RecordScenario.Close(app.SignIn);
        var window = await app.SignIn("window");
        var manager = await app.SignIn("manager");
        var theCase = await window.Get($"/api/v1/cases/{scenario.CaseId}");
        var roomEvents = await EventCount(window, scenario.RoomId);

        var jsonl = await Download(window, $"/api/v1/cases/{scenario.CaseId}/audit.jsonl", "application/jsonl");
        Assert.Equal(jsonl, await Download(manager, $"/api/v1/cases/{scenario.CaseId}/audit.jsonl", "application/jsonl"));
        var lines = Encoding.UTF8.GetString(jsonl).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(theCase["timeline"]!.AsArray().Count + roomEvents, lines.Count);
        Assert.All(lines, l => Assert.Equal(scenario.CaseNumber, (string?)l["caseNumber"]));
        var room = lines.Where(l => (string?)l["source"] == "room").ToList();
        Assert.Equal(Enumerable.Range(1, roomEvents).Select(i => (long)i), room.Select(l => (long)l["seq"]!));
        var closed = Assert.Single(room, l => (string?)l["type"] == "roomClosed");
        Assert.Equal(("window", "综合窗口 王敏"), ((string?)closed["actor"], (string?)closed["actorName"]));
        Assert.Contains(room, l => (string?)l["type"] == "decisionCast" && (string?)l["payload"]!["comment"] == RecordScenario.Reason);
        Assert.Contains(lines, l => (string?)l["source"] == "timeline" && (string?)l["type"] == "registered");
        var times = lines.Select(l => DateTimeOffset.Parse((string)l["at"]!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.Order(), times);

        var csv = await Download(window, $"/api/v1/cases/{scenario.CaseId}/audit.csv", "text/csv");
        Assert.Equal(csv, await Download(window, $"/api/v1/cases/{scenario.CaseId}/audit.csv", "text/csv"));
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), csv[..3]);
        var text = Encoding.UTF8.GetString(csv[3..]);
        Assert.StartsWith("source,at,caseNumber,roomId,seq,type,actor,detail,actorName\r\n", text, StringComparison.Ordinal);
        Assert.Contains(RecordScenario.Reason, text, StringComparison.Ordinal);
        Assert.Contains(RecordScenario.Statement, text, StringComparison.Ordinal);
        Assert.Equal(lines.Count + 1, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith("timeline,", StringComparison.Ordinal) || l.StartsWith("room,", StringComparison.Ordinal) || l.StartsWith("source,", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task DepartmentsDoNotExportTheAuditTrail()
    {
        var scenario = await RecordScenario.Close(app.SignIn);
        var road = await app.SignIn("road-admin");
        await (await road.GetAsync($"/api/v1/cases/{scenario.CaseId}/audit.jsonl")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await road.GetAsync($"/api/v1/cases/{scenario.CaseId}/audit.csv")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await (await app.SignIn("window")).GetAsync($"/api/v1/cases/{Guid.NewGuid()}/audit.csv")).Problem(HttpStatusCode.NotFound, "not_found");
    }

    private static async Task<int> EventCount(HttpClient client, string roomId) =>
        (int)(await client.Get($"/api/v1/consultations/{roomId}"))["seq"]!;

    private static async Task<byte[]> Download(HttpClient client, string path, string mediaType)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
