using System.Collections.Immutable;

namespace Consult.Notifications;

/// <summary>
/// Who hears what, for a department or a person: the channels chosen (<see cref="NotificationChannels.Personal"/>),
/// the types wanted (empty: all), the e-mail addresses and the mobile numbers DingTalk @-mentions.
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.notification-settings")]
public sealed record NotificationSettings(
    [property: Id(0)] ImmutableArray<string> Channels,
    [property: Id(1)] ImmutableArray<string> Types,
    [property: Id(2)] ImmutableArray<string> Emails,
    [property: Id(3)] ImmutableArray<string> Mobiles)
{
    public static readonly NotificationSettings None = new([], [], [], []);

    public bool Wants(string channel, string type) =>
        !Channels.IsDefaultOrEmpty && Channels.Contains(channel) && (Types.IsDefaultOrEmpty || Types.Contains(type));
}

/// <summary>
/// A person's settings, with the department they belong to and their phone (from their account, as it
/// was when the settings were saved): DingTalk @-mentions the phone when the settings list no mobile.
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.user-notification-settings")]
public sealed record UserNotificationSettings(
    [property: Id(0)] string UserName,
    [property: Id(1)] string? Department,
    [property: Id(2)] NotificationSettings Settings,
    [property: Id(3)] string? Phone = null)
{
    /// <summary>The mobiles DingTalk @-mentions for this person: those listed, else the account's phone.</summary>
    public System.Collections.Immutable.ImmutableArray<string> Mentioned =>
        !Settings.Mobiles.IsDefaultOrEmpty ? Settings.Mobiles : Phone is { Length: > 0 } phone ? [phone] : [];
}

/// <summary>Everyone a department's notification reaches by the personal channels: the department's own settings and its people's.</summary>
[GenerateSerializer, Immutable, Alias("consult.notification-audience")]
public sealed record NotificationAudience(
    [property: Id(0)] string Department,
    [property: Id(1)] NotificationSettings Settings,
    [property: Id(2)] ImmutableArray<UserNotificationSettings> Users);
