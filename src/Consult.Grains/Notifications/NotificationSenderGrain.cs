using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Consult.Notifications;

/// <summary>
/// A stateless worker on the calling node: one attempt, then the outcome to the case's grain. If
/// this node dies meanwhile, nothing is reported and the case's grain tries again after the
/// attempt's lease (at least once: a receiver may see an <c>id</c> twice). Reentrant: an attempt
/// waits on the network, not on the attempts before it, so a receiver that hangs until the send
/// timeout holds up only its own deliveries (a stateless worker has as many activations per node
/// as cores, which a few hanging receivers would otherwise all occupy).
/// </summary>
[StatelessWorker, Reentrant]
public sealed partial class NotificationSenderGrain(
    INotificationSender sender,
    IOptions<NotificationOptions> options,
    Telemetry.ConsultMetrics metrics,
    ILogger<NotificationSenderGrain> logger) : Grain, INotificationSenderGrain
{
    public async Task Send(NotificationMessage message)
    {
        string? error = null;
        try
        {
            using var timeout = new CancellationTokenSource(options.Value.SendTimeout);
            await sender.Send(message, timeout.Token);
            metrics.NotificationSent(message.Channel);
        }
        catch (Exception e)
        {
            metrics.NotificationFailed(message.Channel);
            LogAttemptFailed(logger, e, message.Channel, message.Id);
            error = e is OperationCanceledException ? $"No answer within {options.Value.SendTimeout.TotalSeconds:0} s" : e.Message;
        }

        await GrainFactory.GetGrain<ICaseNotificationsGrain>(message.CaseId).Report(message.Id, error);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {Channel} notification {Id} failed; it is retried")]
    private static partial void LogAttemptFailed(ILogger logger, Exception exception, string channel, string id);
}
