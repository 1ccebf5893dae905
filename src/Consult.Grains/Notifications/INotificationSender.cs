namespace Consult.Notifications;

/// <summary>Sends one attempt of a notification over its channel; throws when it was not accepted. The host provides it.</summary>
public interface INotificationSender
{
    Task Send(NotificationMessage message, CancellationToken cancellationToken);
}
