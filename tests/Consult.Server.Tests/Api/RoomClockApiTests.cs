using System.Net;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Api;

/// <summary>The room clock's contract over REST: a scheduled room, the seat flag, and 催办 by hand.</summary>
[Collection(AppCollection.Name)]
public sealed class RoomClockApiTests(ConsultApp app)
{
    [Fact]
    public async Task AScheduledRoomSaysScheduledCarriesItsStartAndRefusesDecisionsWithConflict()
    {
        var window = await app.SignIn("window");
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var start = DateTimeOffset.UtcNow.AddDays(1);
        var opened = await (await window.Post($"/api/v1/cases/{created["caseId"]}/consultations", new
        {
            seats = new object[] { new { department = "road-admin", role = "required" }, new { department = "traffic-police", role = "required", deemedConsentOnTimeout = true } },
            scheduledAt = start,
        })).Json(HttpStatusCode.Created);
        var roomId = (string)opened["roomId"]!;

        var room = await window.Get($"/api/v1/consultations/{roomId}");
        Assert.Equal("scheduled", (string?)room["status"]);
        Assert.Null(room["startedAt"]);
        Assert.Equal(start, (DateTimeOffset)room["scheduledAt"]!);
        Assert.Equal(start.AddMinutes(180), (DateTimeOffset)room["deadline"]!);
        Assert.Equal([false, true], room["seats"]!.AsArray().Select(s => (bool)s!["deemedConsentOnTimeout"]!));

        var road = await app.SignIn("road-admin");
        await (await road.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("road-admin", "approve"))).Problem(HttpStatusCode.Conflict, "conflict");
        await (await window.Post($"/api/v1/consultations/{roomId}/reminders", new { })).Problem(HttpStatusCode.Conflict, "conflict");
        var inbox = await road.Get("/api/v1/departments/road-admin/invitations");
        var line = inbox.AsArray().Single(i => (string?)i!["roomId"] == roomId)!;
        Assert.Equal(start, (DateTimeOffset)line["scheduledAt"]!);
    }

    [Fact]
    public async Task TheConvenerRemindsTheUndecidedSeatsOnceInTenMinutesAndTheLogSaysSo()
    {
        var window = await app.SignIn("window");
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var roomId = (string)(await (await window.Post($"/api/v1/cases/{created["caseId"]}/consultations", new { departments = new[] { "road-admin", "traffic-police", "housing", "enforcement" } })).Json(HttpStatusCode.Created))["roomId"]!;
        var road = await app.SignIn("road-admin");
        await (await road.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("road-admin", "approve"))).Json(HttpStatusCode.OK);

        var first = await (await window.Post($"/api/v1/consultations/{roomId}/reminders", new { })).Json(HttpStatusCode.OK);
        Assert.Equal(["traffic-police", "housing"], first["reminded"]!.AsArray().Select(d => (string?)d));
        Assert.Equal(["road-admin:decided", "enforcement:notify"], first["skipped"]!.AsArray().Select(s => $"{s!["department"]}:{s["reason"]}"));

        var manager = await app.SignIn("manager");
        var again = await (await manager.Post($"/api/v1/consultations/{roomId}/reminders", new { departments = new[] { "housing" } })).Json(HttpStatusCode.OK);
        Assert.Empty(again["reminded"]!.AsArray());
        Assert.Equal("tooSoon", (string?)again["skipped"]![0]!["reason"]);
        Assert.NotNull(again["skipped"]![0]!["nextAllowedAt"]);

        var reminders = (await window.Get($"/api/v1/consultations/{roomId}/events")).AsArray().Where(e => (string?)e!["type"] == "reminderSent").ToList();
        var payload = Assert.Single(reminders)!["payload"]!;
        Assert.Equal(("manual", 2), ((string?)payload["reason"], payload["departments"]!.AsArray().Count));
    }
}
