namespace Consult.Notifications;

/// <summary>Where one delivery stands: still being tried, delivered (at least once), or given up after the last attempt.</summary>
public enum NotificationStatus
{
    Pending,
    Delivered,
    Failed,
}
