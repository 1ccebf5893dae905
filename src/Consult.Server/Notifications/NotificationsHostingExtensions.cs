using Consult.Notifications;

namespace Consult.Server.Notifications;

public static class NotificationsHostingExtensions
{
    /// <summary><c>Consult:Notifications</c>: the channels and the retries; a wrong setting stops the start with its key.</summary>
    public static WebApplicationBuilder AddConsultNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<NotificationOptions>()
            .BindConfiguration(NotificationOptions.Section)
            .Validate(o => o.Webhooks.All(w => string.IsNullOrEmpty(w.Url) || Uri.TryCreate(w.Url, UriKind.Absolute, out _)), $"{NotificationOptions.Section}:Webhooks:{{n}}:Url must be an absolute URL.")
            .Validate(o => o.Webhooks.All(w => string.IsNullOrEmpty(w.Url) || !string.IsNullOrEmpty(w.Secret)), $"{NotificationOptions.Section}:Webhooks:{{n}}:Secret is required with its Url.")
            .Validate(o => o.Webhooks.All(w => w.Types is null || w.Types.All(NotificationTypes.All.Contains)), $"{NotificationOptions.Section}:Webhooks:{{n}}:Types holds an unknown type (known: {string.Join(", ", NotificationTypes.All)}).")
            .Validate(o => o.DingTalk.MsgType is "text" or "markdown", $"{NotificationOptions.Section}:DingTalk:MsgType must be text or markdown.")
            .Validate(o => string.IsNullOrEmpty(o.DingTalk.Url) || Uri.TryCreate(o.DingTalk.Url, UriKind.Absolute, out _), $"{NotificationOptions.Section}:DingTalk:Url must be an absolute URL.")
            .Validate(o => string.IsNullOrEmpty(o.Smtp.Host) || o.Smtp.Port is > 0 and < 65536, $"{NotificationOptions.Section}:Smtp:Port must be a port number.")
            .Validate(o => string.IsNullOrEmpty(o.Sms.Url) || o.Sms.Method is "GET" or "POST" or "PUT", $"{NotificationOptions.Section}:Sms:Method must be GET, POST or PUT.")
            .Validate(o => o.Sms.Types is null || o.Sms.Types.All(NotificationTypes.All.Contains), $"{NotificationOptions.Section}:Sms:Types holds an unknown type.")
            .Validate(o => o.FirstRetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.FirstRetryDelay, $"{NotificationOptions.Section}:FirstRetryDelay must be positive and at most MaxRetryDelay.")
            .Validate(o => o.MaxAttempts >= 1, $"{NotificationOptions.Section}:MaxAttempts must be at least 1.")
            .Validate(o => o.SendTimeout > TimeSpan.Zero, $"{NotificationOptions.Section}:SendTimeout must be positive.")
            .ValidateOnStart();
        builder.Services.AddHttpClient(NotificationSender.HttpClientName);
        builder.Services.AddSingleton<INotificationSender, NotificationSender>();
        builder.Services.AddScoped<NotificationAdmin>();
        return builder;
    }
}
