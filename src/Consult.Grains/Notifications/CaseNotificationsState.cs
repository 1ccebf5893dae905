namespace Consult.Notifications;

/// <summary>A case's notifications: the keys of the events recorded (a repeat is ignored) and every delivery with where it stands.</summary>
[GenerateSerializer, Alias("consult.case-notifications.state")]
public sealed class CaseNotificationsState
{
    [Id(0)] public HashSet<string> EventKeys { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public List<DeliveryRecord> Deliveries { get; set; } = [];
}

/// <summary>One delivery: what is sent (<see cref="Message"/>) and what its attempts did.</summary>
[GenerateSerializer, Alias("consult.case-notifications.delivery")]
public sealed class DeliveryRecord
{
    [Id(0)] public required NotificationMessage Message { get; init; }
    [Id(1)] public required string Recipient { get; init; }
    [Id(2)] public NotificationStatus Status { get; set; }
    [Id(3)] public int Attempts { get; set; }
    [Id(4)] public string? LastError { get; set; }
    [Id(5)] public DateTimeOffset CreatedAt { get; init; }
    [Id(6)] public DateTimeOffset? LastAttemptAt { get; set; }
    [Id(7)] public DateTimeOffset? NextAttemptAt { get; set; }
    [Id(8)] public DateTimeOffset? DeliveredAt { get; set; }

    public string Id => Message.Id;

    public NotificationDelivery View() => new(
        Message.Id, Message.Type, Message.Channel, Recipient, Status, Attempts, LastError,
        CreatedAt, LastAttemptAt, NextAttemptAt, DeliveredAt, Message.Department, Message.RoomId);
}
