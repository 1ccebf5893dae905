namespace Consult.Notifications;

/// <summary>
/// Makes one attempt of a delivery away from the case's notifications grain, so that grain never
/// waits on a slow channel, and reports the outcome back to it.
/// </summary>
[Alias("consult.notification-sender-grain")]
public interface INotificationSenderGrain : IGrainWithIntegerKey
{
    [Alias("send"), Orleans.Concurrency.OneWay]
    Task Send(NotificationMessage message);
}
