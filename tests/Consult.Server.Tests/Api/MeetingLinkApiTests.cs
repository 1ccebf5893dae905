using System.Net;
using System.Net.Http.Json;
using Consult.Common;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Api;

/// <summary>A room's external meeting link: set at the opening, changed by the convener, shown to the departments.</summary>
[Collection(AppCollection.Name)]
public sealed class MeetingLinkApiTests(ConsultApp app)
{
    private const string DingTalk = "https://meeting.dingtalk.com/j/abc123";
    private const string Tencent = "https://meeting.tencent.com/dm/xyz789";

    [Fact]
    public async Task TheConvenerSetsTheLinkAtTheOpeningAndChangesItAndTheDepartmentsSeeIt()
    {
        var window = await app.SignIn("window");
        var caseId = (string)(await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created))["caseId"]!;
        var roomId = (string)(await (await window.Post($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "road-admin" }, meetingLink = $"  {DingTalk} " }))
            .Json(HttpStatusCode.Created))["roomId"]!;
        Assert.Equal(DingTalk, (string?)(await window.Get($"/api/v1/consultations/{roomId}"))["meetingLink"]);
        var road = await app.SignIn("road-admin");
        await Eventually(async () => (string?)Line(await road.Get("/api/v1/departments/road-admin/invitations"), roomId)?["meetingLink"] == DingTalk);

        var changed = await (await Put(window, roomId, new { url = Tencent })).Json(HttpStatusCode.OK);
        Assert.Equal(Tencent, (string?)changed["meetingLink"]);
        var events = (await road.Get($"/api/v1/consultations/{roomId}/events")).AsArray();
        var logged = events.Single(e => (string?)e!["type"] == "meetingLinkChanged")!;
        Assert.Equal(("window", Tencent, DingTalk), ((string?)logged["actor"], (string?)logged["payload"]!["meetingLink"], (string?)logged["payload"]!["previous"]));
        Assert.Equal((long)changed["seq"]!, (long)logged["seq"]!);
        // The inbox line follows (delivered from the room's outbox, just after the answer).
        await Eventually(async () => (string?)Line(await road.Get("/api/v1/departments/road-admin/invitations"), roomId)?["meetingLink"] == Tencent);

        // The same link again changes nothing; null removes it.
        Assert.Equal((long)changed["seq"]!, (long)(await (await Put(window, roomId, new { url = Tencent })).Json(HttpStatusCode.OK))["seq"]!);
        Assert.Null((string?)(await (await Put(window, roomId, new { url = (string?)null })).Json(HttpStatusCode.OK))["meetingLink"]);
    }

    [Fact]
    public async Task ALinkThatIsNotHttpsOrTooLongIsRefusedAndChangesNothing()
    {
        var window = await app.SignIn("window");
        var caseId = (string)(await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created))["caseId"]!;
        await (await window.Post($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "road-admin" }, meetingLink = "http://meeting.example/1" }))
            .Problem(HttpStatusCode.BadRequest, ErrorCodes.InvalidInput);
        Assert.Equal("received", (string?)(await window.Get($"/api/v1/cases/{caseId}"))["status"]);
        var roomId = (string)(await (await window.Post($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "road-admin" }, meetingLink = DingTalk }))
            .Json(HttpStatusCode.Created))["roomId"]!;
        var before = await window.Get($"/api/v1/consultations/{roomId}");

        foreach (var bad in new[] { "javascript:alert(1)", "ftp://meeting.example/1", "meeting.dingtalk.com/j/1", "https://user:pw@meeting.example/1", "https://meeting.example/a b", "https://" + new string('a', 500) + ".cn" })
            await (await Put(window, roomId, new { url = bad })).Problem(HttpStatusCode.BadRequest, ErrorCodes.InvalidInput);

        var after = await window.Get($"/api/v1/consultations/{roomId}");
        Assert.Equal(((long)before["seq"]!, DingTalk), ((long)after["seq"]!, (string?)after["meetingLink"]));
    }

    [Fact]
    public async Task OnlyTheConvenerOrAManagerSetsTheLinkAndNotOnceTheRoomIsClosed()
    {
        var window = await app.SignIn("window");
        var caseId = (string)(await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created))["caseId"]!;
        var roomId = (string)(await (await window.Post($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "road-admin" } })).Json(HttpStatusCode.Created))["roomId"]!;

        await (await Put(await app.SignIn("window2"), roomId, new { url = DingTalk })).Problem(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        var road = await app.SignIn("road-admin");
        await (await Put(road, roomId, new { url = DingTalk })).Problem(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        Assert.Null((string?)(await window.Get($"/api/v1/consultations/{roomId}"))["meetingLink"]);
        Assert.Equal(DingTalk, (string?)(await (await Put(await app.SignIn("manager"), roomId, new { url = DingTalk })).Json(HttpStatusCode.OK))["meetingLink"]);

        await (await road.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("road-admin", "approve"))).Json(HttpStatusCode.OK);
        await (await window.Post($"/api/v1/consultations/{roomId}/close", new { statement = "同意" })).Json(HttpStatusCode.OK);
        await (await Put(window, roomId, new { url = Tencent })).Problem(HttpStatusCode.Conflict, ErrorCodes.RoomClosed);
    }

    private static Task<HttpResponseMessage> Put(HttpClient client, string roomId, object body) =>
        client.PutAsJsonAsync($"/api/v1/consultations/{roomId}/meeting-link", body, ConsultJson.Options);

    private static System.Text.Json.Nodes.JsonNode? Line(System.Text.Json.Nodes.JsonNode inbox, string roomId) =>
        inbox.AsArray().SingleOrDefault(i => (string?)i!["roomId"] == roomId);

    private static async Task Eventually(Func<Task<bool>> check)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!await check())
        {
            Assert.True(DateTime.UtcNow < until, "The inbox line did not follow within 10 s.");
            await Task.Delay(100);
        }
    }
}
