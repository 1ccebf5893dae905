namespace Consult.Notifications;

/// <summary>
/// <c>Consult:Notifications</c>: where notifications go (webhooks, SMTP, the DingTalk robot, the SMS
/// gateway) and how deliveries are retried. A channel without its URL or host is off.
/// </summary>
public sealed class NotificationOptions
{
    public const string Section = "Consult:Notifications";

    /// <summary><c>Consult:Notifications:Webhooks:{n}</c>: each a signed JSON POST to another system.</summary>
    public List<WebhookOptions> Webhooks { get; set; } = [];

    public SmtpOptions Smtp { get; set; } = new();

    public DingTalkOptions DingTalk { get; set; } = new();

    public SmsOptions Sms { get; set; } = new();

    /// <summary>The wait before the second attempt; each further wait doubles, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Attempts before a delivery is marked failed (and shown so in the case's log); 40 spans about 17 hours by default.</summary>
    public int MaxAttempts { get; set; } = 40;

    /// <summary>How long one attempt may take (an HTTP call, an SMTP session) before it counts as failed.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(15);
}

public sealed class WebhookOptions
{
    public string? Url { get; set; }

    /// <summary>Key of the <c>X-Consult-Signature</c> HMAC-SHA256 of the body.</summary>
    public string? Secret { get; set; }

    /// <summary>Department codes whose notifications this webhook receives; empty: all.</summary>
    public string[]? Departments { get; set; }

    /// <summary>Notification types this webhook receives; empty: all.</summary>
    public string[]? Types { get; set; }
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary><c>none</c>, <c>startTls</c>, <c>sslOnConnect</c> or <c>auto</c> (MailKit's SecureSocketOptions).</summary>
    public string Security { get; set; } = "auto";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "consult@localhost";

    public string FromName { get; set; } = "一件事联办";
}

public sealed class DingTalkOptions
{
    /// <summary>The robot's webhook, <c>https://oapi.dingtalk.com/robot/send?access_token=…</c>.</summary>
    public string? Url { get; set; }

    /// <summary>The robot's 加签 secret (<c>SEC…</c>); without it the request is not signed.</summary>
    public string? Secret { get; set; }

    /// <summary><c>text</c> or <c>markdown</c>.</summary>
    public string MsgType { get; set; } = "text";
}

public sealed class SmsOptions
{
    /// <summary>The gateway's address; may hold placeholders (URL-encoded): <c>{phone}</c>, <c>{text}</c>, <c>{caseNumber}</c>, <c>{type}</c>, <c>{id}</c>.</summary>
    public string? Url { get; set; }

    public string Method { get; set; } = "POST";

    public Dictionary<string, string> Headers { get; set; } = [];

    /// <summary>The body with the same placeholders, escaped for <see cref="ContentType"/> (JSON strings or form fields).</summary>
    public string BodyTemplate { get; set; } = """{"phone":"{phone}","text":"{text}"}""";

    public string ContentType { get; set; } = "application/json";

    /// <summary>Which notifications reach the applicant by SMS; empty: a supplement asked and the case decided.</summary>
    public string[]? Types { get; set; }
}
