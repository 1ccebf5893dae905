using Consult.Notifications;
using Consult.Server.Notifications;

namespace Consult.Server.Tests.Notifications;

/// <summary>The shapes the channels send, without a network: templates, escaping, the markdown robot message.</summary>
public sealed class ChannelFormatTests
{
    private static readonly NotificationMessage Message = new(
        "0123456789abcdef0123456789abcdef", NotificationTypes.SupplementRequested, NotificationChannels.Sms, "13912345678", DateTimeOffset.UnixEpoch,
        Guid.NewGuid(), "CS-20261130-0001", null, null, "【一件事联办】请补充材料 · CS-20261130-0001", "您的申请需要补充\"施工图\"& 说明", ["13800000001"]);

    [Fact]
    public async Task AFormGatewayGetsFormEncodedValuesAndTheAddressUrlEncodedOnes()
    {
        var options = new SmsOptions
        {
            Url = "https://sms.example/send?to={phone}&sig={id}",
            BodyTemplate = "mobile={phone}&msg={text}&ref={caseNumber}",
            ContentType = "application/x-www-form-urlencoded",
            Headers = { ["X-Api-Key"] = "k" },
        };
        using var request = SmsChannel.Request(options, Message);
        Assert.Equal("https://sms.example/send?to=13912345678&sig=0123456789abcdef0123456789abcdef", request.RequestUri!.ToString());
        var form = System.Web.HttpUtility.ParseQueryString(await request.Content!.ReadAsStringAsync());
        Assert.Equal(Message.Text, form["msg"]);
        Assert.Equal("CS-20261130-0001", form["ref"]);
        Assert.Equal("k", request.Headers.GetValues("X-Api-Key").Single());
    }

    [Fact]
    public async Task AJsonGatewayGetsValuesEscapedSoTheBodyStaysJson()
    {
        var options = new SmsOptions { Url = "https://sms.example/send", BodyTemplate = """{"to":"{phone}","text":"{text}"}""" };
        using var request = SmsChannel.Request(options, Message);
        var body = System.Text.Json.Nodes.JsonNode.Parse(await request.Content!.ReadAsStringAsync())!;
        Assert.Equal(Message.Text, (string?)body["text"]);
    }

    [Fact]
    public void TheMarkdownRobotMessageCarriesTheTitleTheTextAndTheMentions()
    {
        var payload = DingTalkChannel.Payload(Message, "markdown");
        Assert.Equal("markdown", (string?)payload["msgtype"]);
        Assert.Equal(Message.Subject, (string?)payload["markdown"]!["title"]);
        Assert.EndsWith("@13800000001", (string?)payload["markdown"]!["text"]);
        Assert.Equal("13800000001", (string?)payload["at"]!["atMobiles"]![0]);
    }

    [Fact]
    public void WithoutASecretTheRobotAddressIsUnsigned() =>
        Assert.Equal("https://oapi.dingtalk.com/robot/send?access_token=t", DingTalkChannel.SignedUrl("https://oapi.dingtalk.com/robot/send?access_token=t", null, 1700000000000));
}
