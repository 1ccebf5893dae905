using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Notifications;

/// <summary>
/// The whole server with every notification channel configured against sinks on loopback: a webhook
/// sink taking everything, a flaky one (invitations of <c>education</c> only), an SMTP server, a
/// DingTalk robot stand-in and an SMS gateway stand-in, all in one Kestrel <see cref="HttpSink"/>.
/// </summary>
public sealed class NotificationFixture : IAsyncLifetime
{
    public const string AllPath = "/hooks/all";
    public const string FlakyPath = "/hooks/flaky";
    public const string DingTalkPath = "/robot/send";
    public const string SmsPath = "/sms/send";
    public const string AllSecret = "hook-secret-0";
    public const string FlakySecret = "hook-secret-1";
    public const string DingTalkSecret = "SEC-test-robot-secret";
    public const string SmsKey = "gateway-key-42";

    public HttpSink Sink { get; private set; } = null!;

    public SmtpSink Smtp { get; private set; } = null!;

    public ConsultApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Sink = await HttpSink.Start();
        Smtp = SmtpSink.Start();
        App = new ConsultApp(new Dictionary<string, string>
        {
            ["Consult:Notifications:Webhooks:0:Url"] = new Uri(Sink.Address, AllPath).ToString(),
            ["Consult:Notifications:Webhooks:0:Secret"] = AllSecret,
            ["Consult:Notifications:Webhooks:1:Url"] = new Uri(Sink.Address, FlakyPath).ToString(),
            ["Consult:Notifications:Webhooks:1:Secret"] = FlakySecret,
            ["Consult:Notifications:Webhooks:1:Departments:0"] = "education",
            ["Consult:Notifications:Webhooks:1:Types:0"] = "invitation",
            ["Consult:Notifications:Smtp:Host"] = "127.0.0.1",
            ["Consult:Notifications:Smtp:Port"] = Smtp.Port.ToString(),
            ["Consult:Notifications:Smtp:Security"] = "none",
            ["Consult:Notifications:Smtp:From"] = "consult@county.example.gov.cn",
            ["Consult:Notifications:DingTalk:Url"] = new Uri(Sink.Address, DingTalkPath + "?access_token=robot-token").ToString(),
            ["Consult:Notifications:DingTalk:Secret"] = DingTalkSecret,
            ["Consult:Notifications:DingTalk:MsgType"] = "text",
            ["Consult:Notifications:Sms:Url"] = new Uri(Sink.Address, SmsPath + "?to={phone}").ToString(),
            ["Consult:Notifications:Sms:Method"] = "POST",
            ["Consult:Notifications:Sms:Headers:X-Api-Key"] = SmsKey,
            ["Consult:Notifications:Sms:BodyTemplate"] = """{"mobile":"{phone}","content":"{text}","ref":"{caseNumber}"}""",
            ["Consult:Notifications:Sms:ContentType"] = "application/json",
            ["Consult:Notifications:FirstRetryDelay"] = "00:00:00.300",
        });
        // Starts the server.
        (await App.SignIn("admin")).Dispose();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Smtp.Dispose();
        await Sink.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class NotificationCollection : ICollectionFixture<NotificationFixture>
{
    public const string Name = "notifications";
}
