using Consult.Notifications;
using Microsoft.Extensions.Options;

namespace Consult.Server.Notifications;

/// <summary>Sends one attempt over the message's channel, with the configuration read now (a changed setting applies to the next attempt).</summary>
public sealed class NotificationSender(IHttpClientFactory clients, IOptionsMonitor<NotificationOptions> options, TimeProvider time) : INotificationSender
{
    public const string HttpClientName = "notifications";

    public Task Send(NotificationMessage message, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        return message.Channel switch
        {
            NotificationChannels.Webhook => WebhookChannel.Send(Http(), Webhook(current, message.Target), message, cancellationToken),
            NotificationChannels.Email => EmailChannel.Send(current.Smtp, message, cancellationToken),
            NotificationChannels.DingTalk => DingTalkChannel.Send(Http(), current.DingTalk, message, time, cancellationToken),
            NotificationChannels.Sms => SmsChannel.Send(Http(), current.Sms, message, cancellationToken),
            _ => throw new InvalidOperationException($"No channel '{message.Channel}'."),
        };
    }

    private HttpClient Http() => clients.CreateClient(HttpClientName);

    private static WebhookOptions Webhook(NotificationOptions options, string target) =>
        int.TryParse(target, out var n) && n >= 0 && n < options.Webhooks.Count && options.Webhooks[n].Url is { Length: > 0 }
            ? options.Webhooks[n]
            : throw new InvalidOperationException($"Webhook {target} is no longer configured.");
}
