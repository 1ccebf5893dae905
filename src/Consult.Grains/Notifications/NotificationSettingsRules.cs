using System.Collections.Immutable;
using System.Net.Mail;
using Consult.Common;

namespace Consult.Notifications;

/// <summary>What settings may hold: known channels and types, well-formed addresses and mobile numbers, each list short.</summary>
public static class NotificationSettingsRules
{
    public const int MaxEntries = 50;

    public static NotificationSettings Validate(NotificationSettings? settings)
    {
        if (settings is null)
            throw ConsultException.InvalidInput("Settings are required.");
        var channels = Clean(settings.Channels, "channels");
        if (channels.FirstOrDefault(c => !NotificationChannels.Personal.Contains(c)) is { } channel)
            throw ConsultException.InvalidInput($"Unknown channel '{channel}': use {string.Join(", ", NotificationChannels.Personal)}.");
        var types = Clean(settings.Types, "types");
        if (types.FirstOrDefault(t => !NotificationTypes.All.Contains(t)) is { } type)
            throw ConsultException.InvalidInput($"Unknown notification type '{type}'.");
        var emails = Clean(settings.Emails, "emails");
        if (emails.FirstOrDefault(e => !IsEmail(e)) is { } email)
            throw ConsultException.InvalidInput($"'{email}' is not an e-mail address.");
        var mobiles = Clean(settings.Mobiles, "mobiles");
        if (mobiles.FirstOrDefault(m => !IsMobile(m)) is { } mobile)
            throw ConsultException.InvalidInput($"'{mobile}' is not a mobile number.");
        return new NotificationSettings(channels, types, emails, mobiles);
    }

    private static ImmutableArray<string> Clean(ImmutableArray<string> values, string field)
    {
        if (values.IsDefault)
            return [];
        if (values.Length > MaxEntries)
            throw ConsultException.InvalidInput($"{field} holds at most {MaxEntries} entries.");
        if (values.Any(string.IsNullOrWhiteSpace))
            throw ConsultException.InvalidInput($"{field} must not hold empty entries.");
        return [.. values.Select(v => v.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static bool IsEmail(string value) =>
        value.Length <= 254 && MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('@', StringComparison.Ordinal);

    public static bool IsMobile(string value) =>
        value.Length is >= 5 and <= 20 && value.TrimStart('+').All(c => char.IsAsciiDigit(c) || c == '-');
}
