using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Notifications;

/// <summary>E-mail, the DingTalk robot and the SMS gateway, each checked at the receiving end.</summary>
[Collection(NotificationCollection.Name)]
public sealed class ChannelNotificationTests(NotificationFixture fixture)
{
    [Fact]
    public async Task AnInvitationIsMailedToTheDepartmentsAndItsPeoplesAddressesWithAChineseSubject()
    {
        var admin = await fixture.App.SignIn("admin");
        await (await admin.PutAsJsonAsync("/api/v1/notification-settings/departments/housing", new
        {
            channels = new[] { "email" },
            emails = new[] { "zjj@housing.example.gov.cn", "office@housing.example.gov.cn" },
        })).Json(HttpStatusCode.OK);
        await (await admin.PutAsJsonAsync("/api/v1/notification-settings/users/housing", new
        {
            channels = new[] { "email" },
            types = new[] { "invitation", "reminder" },
            emails = new[] { "rep.wang@housing.example.gov.cn" },
        })).Json(HttpStatusCode.OK);

        var window = await fixture.App.SignIn("window");
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var caseNumber = (string)created["caseNumber"]!;
        await (await window.Post($"/api/v1/cases/{created["caseId"]}/consultations", new { seats = new[] { new { department = "housing", role = "required" } } })).Json(HttpStatusCode.Created);

        var mails = (await fixture.Smtp.WaitFor(seen => seen.Count(m => (m.Message.Subject ?? "").Contains(caseNumber, StringComparison.Ordinal)) >= 3))
            .Where(m => (m.Message.Subject ?? "").Contains(caseNumber, StringComparison.Ordinal)).ToList();
        Assert.Equal(
            ["office@housing.example.gov.cn", "rep.wang@housing.example.gov.cn", "zjj@housing.example.gov.cn"],
            mails.SelectMany(m => m.Recipients).Order());
        Assert.All(mails, m => Assert.Single(m.Recipients));
        Assert.All(mails, m => Assert.Equal($"【一件事联办】会商邀请 · {caseNumber}", m.Message.Subject));
        Assert.All(mails, m => Assert.Contains("住房和城乡建设局", m.Message.TextBody));
        Assert.All(mails, m => Assert.Equal("consult@county.example.gov.cn", m.Message.From.Mailboxes.Single().Address));
    }

    [Fact]
    public async Task TheDingTalkRobotGetsASignedTextMessageThatMentionsTheDepartmentsMobiles()
    {
        var admin = await fixture.App.SignIn("admin");
        await (await admin.PutAsJsonAsync("/api/v1/notification-settings/departments/transport", new
        {
            channels = new[] { "dingTalk" },
            mobiles = new[] { "13800000001" },
        })).Json(HttpStatusCode.OK);

        var window = await fixture.App.SignIn("window");
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var caseNumber = (string)created["caseNumber"]!;
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await (await window.Post($"/api/v1/cases/{created["caseId"]}/consultations", new { departments = new[] { "transport" } })).Json(HttpStatusCode.Created);

        var request = (await fixture.Sink.WaitFor(NotificationFixture.DingTalkPath, seen => seen.Any(r => r.Body.Contains(caseNumber, StringComparison.Ordinal))))
            .Single(r => r.Body.Contains(caseNumber, StringComparison.Ordinal));
        var query = HttpUtility.ParseQueryString(request.Query);
        Assert.Equal("robot-token", query["access_token"]);
        var timestamp = long.Parse(query["timestamp"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(timestamp, before - 1000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        // DingTalk's documented algorithm: base64(HMAC-SHA256(key: secret, data: timestamp + "\n" + secret)), URL-encoded in the address.
        var expected = Convert.ToBase64String(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(NotificationFixture.DingTalkSecret), Encoding.UTF8.GetBytes($"{timestamp}\n{NotificationFixture.DingTalkSecret}")));
        Assert.Equal(expected, query["sign"]);
        Assert.Contains("sign=" + Uri.EscapeDataString(expected), request.Query);

        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("text", (string?)body["msgtype"]);
        var content = (string)body["text"]!["content"]!;
        Assert.Contains("会商邀请", content);
        Assert.Contains("交通运输局", content);
        Assert.Contains("@13800000001", content);
        Assert.Equal(["13800000001"], body["at"]!["atMobiles"]!.AsArray().Select(m => (string?)m));
        Assert.False((bool)body["at"]!["isAtAll"]!);
    }

    [Fact]
    public async Task TheApplicantIsTextedThroughTheGatewayTemplateWhenASupplementIsAskedAndWhenTheCaseIsDecided()
    {
        var window = await fixture.App.SignIn("window");
        var tax = await fixture.App.SignIn("tax");
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var caseId = (string)created["caseId"]!;
        var caseNumber = (string)created["caseNumber"]!;
        var first = (string)(await (await window.Post($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "tax" } })).Json(HttpStatusCode.Created))["roomId"]!;
        await (await tax.Post($"/api/v1/consultations/{first}/decisions", Contract.Decision("tax", "requestSupplement", "缺少完税证明"))).Json(HttpStatusCode.OK);
        await (await window.Post($"/api/v1/consultations/{first}/close", new { statement = "请补充完税证明" })).Json(HttpStatusCode.OK);

        var asked = (await fixture.Sink.WaitFor(NotificationFixture.SmsPath, seen => seen.Any(r => r.Body.Contains(caseNumber, StringComparison.Ordinal))))
            .Single(r => r.Body.Contains(caseNumber, StringComparison.Ordinal));
        Assert.Equal("POST", asked.Method);
        Assert.Equal("?to=13912345678", asked.Query);
        Assert.Equal(NotificationFixture.SmsKey, asked.Headers["X-Api-Key"]);
        Assert.StartsWith("application/json", asked.Headers["Content-Type"]);
        var body = JsonNode.Parse(asked.Body)!;
        Assert.Equal("13912345678", (string?)body["mobile"]);
        Assert.Equal(caseNumber, (string?)body["ref"]);
        Assert.Contains("补充材料", (string?)body["content"]);

        var second = (string)(await (await window.Post($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "tax" } })).Json(HttpStatusCode.Created))["roomId"]!;
        await (await tax.Post($"/api/v1/consultations/{second}/decisions", Contract.Decision("tax", "approve"))).Json(HttpStatusCode.OK);
        await (await window.Post($"/api/v1/consultations/{second}/close", new { statement = "同意" })).Json(HttpStatusCode.OK);
        var texts = await fixture.Sink.WaitFor(NotificationFixture.SmsPath, seen => seen.Count(r => r.Body.Contains(caseNumber, StringComparison.Ordinal)) >= 2);
        var decided = JsonNode.Parse(texts.Last(r => r.Body.Contains(caseNumber, StringComparison.Ordinal)).Body)!;
        Assert.Contains("已办结：同意", (string?)decided["content"]);

        // The log masks the applicant's phone.
        var log = (await window.Get($"/api/v1/cases/{caseId}/notifications")).AsArray();
        var sms = log.Where(l => (string?)l!["channel"] == "sms").ToList();
        Assert.Equal(["caseDecided", "supplementRequested"], sms.Select(s => (string?)s!["type"]).Order());
        Assert.All(sms, s => Assert.Equal("139****5678", (string?)s!["recipient"]));
    }
}
