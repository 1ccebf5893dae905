using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace Consult.Notifications;

/// <summary>
/// Who receives an event, over which channel: the configured webhooks that take its type and
/// department, the e-mail addresses and the DingTalk robot chosen in the settings of its
/// departments and their people, and the applicant's phone for the SMS types. Pure.
/// </summary>
public static class NotificationFanOut
{
    public static readonly ImmutableArray<string> DefaultSmsTypes = [NotificationTypes.SupplementRequested, NotificationTypes.CaseDecided];

    /// <summary>One planned delivery: <see cref="Target"/> is what the sender needs, <see cref="Recipient"/> what the log shows.</summary>
    public sealed record Planned(string Id, string Channel, string Target, string Recipient, ImmutableArray<string> AtMobiles);

    public static IReadOnlyList<Planned> Plan(NotificationEvent e, NotificationOptions options, ImmutableArray<NotificationAudience> audiences)
    {
        var planned = new List<Planned>();
        // The tracking link is the applicant's alone, sent because staff asked: over SMS only.
        if (e.Type == NotificationTypes.TrackingLink)
        {
            if (!string.IsNullOrWhiteSpace(options.Sms.Url) && e.ApplicantPhone is { Length: > 0 } to)
                planned.Add(new(IdOf(e.Key, NotificationChannels.Sms, to), NotificationChannels.Sms, to, Mask(to), []));
            return planned;
        }

        for (var n = 0; n < options.Webhooks.Count; n++)
        {
            var hook = options.Webhooks[n];
            if (string.IsNullOrWhiteSpace(hook.Url) || !Takes(hook.Types, e.Type))
                continue;
            if (hook.Departments is { Length: > 0 } only && !e.Departments.Any(only.Contains))
                continue;
            var target = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            planned.Add(new(IdOf(e.Key, NotificationChannels.Webhook, target), NotificationChannels.Webhook, target, $"webhook {n}", []));
        }

        if (!string.IsNullOrWhiteSpace(options.Smtp.Host))
        {
            var addresses = Chosen(audiences, NotificationChannels.Email, e.Type).SelectMany(s => s.Emails)
                .Distinct(StringComparer.OrdinalIgnoreCase);
            foreach (var address in addresses)
                planned.Add(new(IdOf(e.Key, NotificationChannels.Email, address.ToLowerInvariant()), NotificationChannels.Email, address, address, []));
        }

        if (!string.IsNullOrWhiteSpace(options.DingTalk.Url))
        {
            var chosen = Chosen(audiences, NotificationChannels.DingTalk, e.Type).ToList();
            if (chosen.Count > 0)
            {
                // A person's own phone stands in when their settings list no mobile.
                var wanting = audiences.SelectMany(a => a.Users).Where(u => u.Settings.Wants(NotificationChannels.DingTalk, e.Type));
                ImmutableArray<string> mobiles = [.. audiences.Where(a => a.Settings.Wants(NotificationChannels.DingTalk, e.Type)).SelectMany(a => a.Settings.Mobiles)
                    .Concat(wanting.SelectMany(u => u.Mentioned)).Distinct()];
                planned.Add(new(IdOf(e.Key, NotificationChannels.DingTalk, ""), NotificationChannels.DingTalk, NotificationChannels.DingTalk, "DingTalk", mobiles));
            }
        }

        if (!string.IsNullOrWhiteSpace(options.Sms.Url) && e.ApplicantPhone is { Length: > 0 } phone
            && (options.Sms.Types is { Length: > 0 } smsTypes ? smsTypes.Contains(e.Type) : DefaultSmsTypes.Contains(e.Type)))
            planned.Add(new(IdOf(e.Key, NotificationChannels.Sms, phone), NotificationChannels.Sms, phone, Mask(phone), []));

        return planned;
    }

    /// <summary>
    /// The delivery's id: stable for the event, the channel and the recipient, so every retry (and
    /// a repeat of the event) carries the same one.
    /// </summary>
    public static string IdOf(string eventKey, string channel, string recipient) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{eventKey}|{channel}|{recipient}")))[..32];

    public static string Mask(string phone) =>
        phone.Length <= 7 ? new string('*', phone.Length) : phone[..3] + new string('*', phone.Length - 7) + phone[^4..];

    private static bool Takes(string[]? types, string type) => types is not { Length: > 0 } || types.Contains(type);

    private static IEnumerable<NotificationSettings> Chosen(ImmutableArray<NotificationAudience> audiences, string channel, string type) =>
        audiences.SelectMany(a => a.Users.Select(u => u.Settings).Prepend(a.Settings)).Where(s => s.Wants(channel, type));
}
