using System.Net;
using System.Text.Json.Nodes;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Notifications;

/// <summary>The window texts the applicant the tracking link through the SMS gateway, via the case's notifications.</summary>
[Collection(NotificationCollection.Name)]
public sealed class TrackingLinkSmsTests(NotificationFixture fixture)
{
    [Fact]
    public async Task TheApplicantsPhoneGetsOneTextWithTheTrackingLinkAndTheLogShowsIt()
    {
        var window = await fixture.App.SignIn("window");
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var caseId = (string)created["caseId"]!;
        var caseNumber = (string)created["caseNumber"]!;
        var trackingUrl = (string)created["trackingUrl"]!;

        // A department's representative may not text the applicant.
        var road = await fixture.App.SignIn("road-admin");
        await (await road.Post($"/api/v1/cases/{caseId}/tracking-link/sms", null)).Problem(HttpStatusCode.Forbidden, "forbidden");

        var response = await window.Post($"/api/v1/cases/{caseId}/tracking-link/sms", null);
        var accepted = await response.Json(HttpStatusCode.Accepted);
        Assert.Equal($"/api/v1/cases/{caseId}/notifications", response.Headers.Location?.OriginalString);
        Assert.Equal("139****5678", (string?)accepted["recipient"]);
        Assert.Equal(trackingUrl, (string?)accepted["trackingUrl"]);

        var texts = await fixture.Sink.WaitFor(NotificationFixture.SmsPath, seen => seen.Any(r => r.Body.Contains(caseNumber, StringComparison.Ordinal)));
        var body = JsonNode.Parse(texts.Single(r => r.Body.Contains(caseNumber, StringComparison.Ordinal)).Body)!;
        Assert.Equal("13912345678", (string?)body["mobile"]);
        Assert.Contains(trackingUrl, (string?)body["content"]);
        Assert.Contains("已受理", (string?)body["content"]);

        // Delivered once, over SMS only: no webhook, mail or robot hears of the applicant's link.
        var log = await Eventually(async () =>
        {
            var lines = (await window.Get($"/api/v1/cases/{caseId}/notifications")).AsArray();
            return lines.Any(l => (string?)l!["status"] == "delivered") ? lines : null;
        });
        var line = Assert.Single(log);
        Assert.Equal("trackingLink", (string?)line!["type"]);
        Assert.Equal("sms", (string?)line["channel"]);
        Assert.Equal((string?)accepted["notificationId"], (string?)line["id"]);
        Assert.Single(fixture.Sink.To(NotificationFixture.SmsPath), r => r.Body.Contains(caseNumber, StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Sink.Requests, r => r.Path != NotificationFixture.SmsPath && r.Body.Contains(trackingUrl, StringComparison.Ordinal));

        var timeline = (await window.Get($"/api/v1/cases/{caseId}"))["timeline"]!.AsArray();
        Assert.Equal("139****5678", (string?)timeline.Single(t => (string?)t!["type"] == "trackingLinkSent")!["detail"]);
    }

    private static async Task<JsonArray> Eventually(Func<Task<JsonArray?>> read)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await read() is { } found)
                return found;
            Assert.True(DateTime.UtcNow < until, "The delivery log never showed the text delivered.");
            await Task.Delay(100);
        }
    }
}
