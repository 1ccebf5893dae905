namespace Consult.Notifications;

/// <summary>One line of a case's delivery log: one notification to one recipient over one channel.</summary>
/// <param name="Id">Stable across retries: the webhook's <c>id</c>, by which a receiver recognises a repeat.</param>
/// <param name="Recipient">The webhook's number, an e-mail address, <c>dingTalk</c>, or the applicant's masked phone.</param>
[GenerateSerializer, Immutable, Alias("consult.notification-delivery")]
public sealed record NotificationDelivery(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] string Channel,
    [property: Id(3)] string Recipient,
    [property: Id(4)] NotificationStatus Status,
    [property: Id(5)] int Attempts,
    [property: Id(6)] string? LastError,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset? LastAttemptAt,
    [property: Id(9)] DateTimeOffset? NextAttemptAt,
    [property: Id(10)] DateTimeOffset? DeliveredAt,
    [property: Id(11)] string? Department,
    [property: Id(12)] Guid? RoomId);
