using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Notifications;

/// <summary>The signed webhooks of the contract, against a real HTTP sink on loopback.</summary>
[Collection(NotificationCollection.Name)]
public sealed class WebhookNotificationTests(NotificationFixture fixture)
{
    private static readonly string[] ContractTypes = ["invitation", "reminder", "card", "roomClosed", "supplementRequested", "caseDecided"];

    [Fact]
    public async Task EveryEventTypeOfACaseReachesTheWebhookOnceWithAValidSignature()
    {
        var app = fixture.App;
        var window = await app.SignIn("window");
        var road = await app.SignIn("road-admin");
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var caseId = (string)created["caseId"]!;
        var caseNumber = (string)created["caseNumber"]!;

        // Invitation, a reminder by hand, and a red card when the short deadline passes undecided.
        var first = (string)(await (await window.Post($"/api/v1/cases/{caseId}/consultations", new
        {
            departments = new[] { "road-admin" },
            deadline = DateTimeOffset.UtcNow.AddSeconds(3),
        })).Json(HttpStatusCode.Created))["roomId"]!;
        await (await window.Post($"/api/v1/consultations/{first}/reminders", new { })).Json(HttpStatusCode.OK);
        await Of(caseNumber, bodies => bodies.Any(b => (string?)b["type"] == "card"));
        // The department asks for a supplement: the room closes, the case waits for the applicant.
        await (await road.Post($"/api/v1/consultations/{first}/decisions", Contract.Decision("road-admin", "requestSupplement", "缺少施工图"))).Json(HttpStatusCode.OK);
        await (await window.Post($"/api/v1/consultations/{first}/close", new { statement = "请申请人补充施工图" })).Json(HttpStatusCode.OK);
        await Of(caseNumber, bodies => bodies.Any(b => (string?)b["type"] == "supplementRequested"));

        // A second room approves: the case is decided.
        var second = (string)(await (await window.Post($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "road-admin" } })).Json(HttpStatusCode.Created))["roomId"]!;
        await (await road.Post($"/api/v1/consultations/{second}/decisions", Contract.Decision("road-admin", "approve"))).Json(HttpStatusCode.OK);
        await (await window.Post($"/api/v1/consultations/{second}/close", new { statement = "同意占道施工" })).Json(HttpStatusCode.OK);
        var requests = await Of(caseNumber, bodies => bodies.Any(b => (string?)b["type"] == "caseDecided") && bodies.Count(b => (string?)b["type"] == "roomClosed") == 2);
        // Anything late (a duplicate) would arrive in this pause.
        await Task.Delay(1000);
        requests = Requests(caseNumber);

        foreach (var request in requests)
            Assert.Equal(Sign(request.Body, NotificationFixture.AllSecret), request.Headers["X-Consult-Signature"]);
        var bodies = requests.Select(r => JsonNode.Parse(r.Body)!).ToList();
        Assert.Equal(bodies.Count, bodies.Select(b => (string)b["id"]!).Distinct().Count());
        Assert.Subset(bodies.Select(b => (string)b["type"]!).ToHashSet(), ContractTypes.ToHashSet());
        Assert.Equal(2, bodies.Count(b => (string?)b["type"] == "invitation"));
        // The reminder by hand, and the clock's own at shares of the limit that came before the deadline: one each.
        var reminded = (await window.Get($"/api/v1/consultations/{first}/events")).AsArray().Count(e => (string?)e!["type"] == "reminderSent");
        Assert.InRange(reminded, 1, 3);
        Assert.Equal(reminded, bodies.Count(b => (string?)b["type"] == "reminder"));
        Assert.Single(bodies, b => (string?)b["type"] == "supplementRequested");
        Assert.Single(bodies, b => (string?)b["type"] == "caseDecided");

        var invitation = bodies.First(b => (string?)b["type"] == "invitation");
        Assert.Equal(caseId, (string?)invitation["caseId"]);
        Assert.Equal(first, (string?)invitation["roomId"]);
        Assert.Equal("road-admin", (string?)invitation["department"]);
        Assert.Contains("联合会商", (string?)invitation["text"]);
        Assert.True(DateTimeOffset.TryParse((string?)invitation["at"], out _));
        // One notification per card the room issued, naming its colour.
        var issued = (await window.Get($"/api/v1/consultations/{first}/events")).AsArray()
            .Where(e => (string?)e!["type"] == "cardIssued").Select(e => (string?)e!["payload"]!["level"] == "red" ? "红牌" : "黄牌").Order();
        Assert.Equal(issued, bodies.Where(b => (string?)b["type"] == "card").Select(b => ((string)b["text"]!).Contains("红牌", StringComparison.Ordinal) ? "红牌" : "黄牌").Order());

        // The delivery log shows each of them delivered once.
        var log = (await window.Get($"/api/v1/cases/{caseId}/notifications")).AsArray();
        var hooks = log.Where(l => (string?)l!["channel"] == "webhook" && (string?)l["recipient"] == "webhook 0").ToList();
        Assert.Equal(bodies.Select(b => (string)b["id"]!).Order(), hooks.Select(h => (string)h!["id"]!).Order());
        Assert.All(hooks, h => Assert.Equal(("delivered", 1), ((string?)h!["status"], (int)h["attempts"]!)));
    }

    [Fact]
    public async Task ASinkThatFailsTwiceGetsTheSameNotificationWithTheSameIdAThirdTime()
    {
        var app = fixture.App;
        fixture.Sink.FailFirst(NotificationFixture.FlakyPath, 2);
        var window = await app.SignIn("window");
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var caseId = (string)created["caseId"]!;
        await (await window.Post($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "education" } })).Json(HttpStatusCode.Created);

        var attempts = await fixture.Sink.WaitFor(NotificationFixture.FlakyPath, seen => seen.Any(r => r.Status == 200));
        Assert.Equal([500, 500, 200], attempts.Select(a => a.Status));
        Assert.Single(attempts.Select(a => a.Body).Distinct());
        Assert.All(attempts, a => Assert.Equal(Sign(a.Body, NotificationFixture.FlakySecret), a.Headers["X-Consult-Signature"]));
        // Backing off: each retry waited at least its delay after the failure, 0.3 s then twice that.
        // (At least: a busy machine may add to either wait, so one wait is not compared with the other.)
        var waits = string.Join(", ", attempts.Select(a => a.At.ToString("HH:mm:ss.fff")));
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromMilliseconds(290), waits);
        Assert.True(attempts[2].At - attempts[1].At >= TimeSpan.FromMilliseconds(590), waits);

        var id = (string)JsonNode.Parse(attempts[0].Body)!["id"]!;
        var line = await WaitForLog(window, caseId, id, "delivered");
        Assert.Equal(3, (int)line["attempts"]!);
        Assert.Contains("500", (string?)line["lastError"]);
    }

    [Fact]
    public async Task AReceiverThatHangsDoesNotHoldUpTheOtherChannels()
    {
        var window = await fixture.App.SignIn("window");
        // More hanging sends than the node has cores (a stateless worker's activations per node).
        string[] hanging = ["road-admin", "traffic-police", "housing", "natural-resources"];
        Assert.True(hanging.Length > Environment.ProcessorCount, "this machine has more cores than the test hangs sends");
        var before = fixture.Sink.To(NotificationFixture.AllPath).Count;
        using (fixture.Sink.Hold(NotificationFixture.AllPath))
        {
            var first = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
            await (await window.Post($"/api/v1/cases/{(string)first["caseId"]!}/consultations", new { departments = hanging })).Json(HttpStatusCode.Created);
            await fixture.Sink.WaitFor(NotificationFixture.AllPath, seen => seen.Count >= before + Environment.ProcessorCount);

            // The next case's invitation reaches its own receiver while the first hook still hangs
            // (its send timeout is 15 s).
            var second = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
            var caseNumber = (string)second["caseNumber"]!;
            await (await window.Post($"/api/v1/cases/{(string)second["caseId"]!}/consultations", new { departments = new[] { "education" } })).Json(HttpStatusCode.Created);
            await fixture.Sink.WaitFor(NotificationFixture.FlakyPath, seen => seen.Any(r => r.Body.Contains(caseNumber, StringComparison.Ordinal)), TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public async Task AMeetingLinkSetAfterTheOpeningAndItsRemovalEachReachTheInvitedDepartmentsOnce()
    {
        const string Link = "https://meeting.tencent.com/dm/consult-link-test";
        var window = await fixture.App.SignIn("window");
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var caseNumber = (string)created["caseNumber"]!;
        var roomId = (string)(await (await window.Post($"/api/v1/cases/{(string)created["caseId"]!}/consultations",
            new { departments = new[] { "road-admin", "traffic-police" } })).Json(HttpStatusCode.Created))["roomId"]!;
        await Of(caseNumber, bodies => bodies.Count(b => (string?)b["type"] == "invitation") == 2);

        await (await PutLink(window, roomId, Link)).Json(HttpStatusCode.OK);
        await Of(caseNumber, bodies => bodies.Any(b => (string?)b["type"] == "meetingLinkChanged"));
        // The same link again changes nothing, so tells nobody; removing it does.
        await (await PutLink(window, roomId, Link)).Json(HttpStatusCode.OK);
        await (await PutLink(window, roomId, null)).Json(HttpStatusCode.OK);
        await Of(caseNumber, bodies => bodies.Count(b => (string?)b["type"] == "meetingLinkChanged") >= 2);
        await Task.Delay(1000);

        var changes = Requests(caseNumber).Select(r => JsonNode.Parse(r.Body)!).Where(b => (string?)b["type"] == "meetingLinkChanged").ToList();
        Assert.Equal(2, changes.Count);
        // One notification for all the room's seats, as for the close: no single department on the webhook.
        Assert.All(changes, b => Assert.Equal((roomId, null), ((string?)b["roomId"], (string?)b["department"])));
        Assert.EndsWith($"外部会议链接：{Link}", (string)changes[0]["text"]!, StringComparison.Ordinal);
        Assert.Contains("取消外部会议链接", (string)changes[1]["text"]!, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", (string)changes[1]["text"]!, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PutLink(HttpClient client, string roomId, string? url) =>
        client.PutAsJsonAsync($"/api/v1/consultations/{roomId}/meeting-link", new { url }, Consult.Common.ConsultJson.Options);

    public static string Sign(string body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    public static async Task<JsonNode> WaitForLog(HttpClient client, string caseId, string id, string status)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var log = (await client.Get($"/api/v1/cases/{caseId}/notifications")).AsArray();
            if (log.FirstOrDefault(l => (string?)l!["id"] == id) is { } line && (string?)line["status"] == status)
                return line;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"{id} not {status}: {log.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    private IReadOnlyList<HttpSink.Received> Requests(string caseNumber) =>
        [.. fixture.Sink.To(NotificationFixture.AllPath).Where(r => (string?)JsonNode.Parse(r.Body)!["caseNumber"] == caseNumber)];

    private async Task<IReadOnlyList<HttpSink.Received>> Of(string caseNumber, Func<IReadOnlyList<JsonNode>, bool> done)
    {
        await fixture.Sink.WaitFor(NotificationFixture.AllPath, _ => done([.. Requests(caseNumber).Select(r => JsonNode.Parse(r.Body)!)]));
        return Requests(caseNumber);
    }
}
