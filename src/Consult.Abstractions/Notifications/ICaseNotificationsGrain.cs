using System.Collections.Immutable;

namespace Consult.Notifications;

/// <summary>
/// A case's notifications (key: the case id): the events its rooms and the case hand over, each
/// fanned out into deliveries per channel and recipient, tried until delivered on a durable
/// reminder, and the delivery log staff read.
/// </summary>
[Alias("consult.case-notifications-grain")]
public interface ICaseNotificationsGrain : IGrainWithGuidKey
{
    /// <summary>Records the event's deliveries and starts them; a repeat of a recorded event's key changes nothing. Never waits for a delivery.</summary>
    [Alias("enqueue")]
    Task Enqueue(NotificationEvent notification);

    /// <summary>The outcome of one attempt of delivery <paramref name="id"/>: <paramref name="error"/> null when it was delivered.</summary>
    [Alias("report")]
    Task Report(string id, string? error);

    [Alias("log")]
    Task<ImmutableArray<NotificationDelivery>> GetLog();
}
