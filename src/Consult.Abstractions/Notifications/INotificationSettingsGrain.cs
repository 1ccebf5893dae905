using System.Collections.Immutable;

namespace Consult.Notifications;

/// <summary>The notification settings of every department and person (one grain, key 0): small, read on each notification.</summary>
[Alias("consult.notification-settings-grain")]
public interface INotificationSettingsGrain : IGrainWithIntegerKey
{
    [Alias("get-department")]
    Task<NotificationSettings> GetDepartment(string department);

    /// <summary>Replaces a department's settings (validated: known channels and types, well-formed addresses and numbers).</summary>
    [Alias("put-department")]
    Task<NotificationSettings> PutDepartment(string department, NotificationSettings settings);

    [Alias("get-user")]
    Task<UserNotificationSettings?> GetUser(string userName);

    [Alias("put-user")]
    Task<UserNotificationSettings> PutUser(UserNotificationSettings settings);

    /// <summary>The settings of these departments and of their people.</summary>
    [Alias("audiences")]
    Task<ImmutableArray<NotificationAudience>> Audiences(ImmutableArray<string> departments);
}
