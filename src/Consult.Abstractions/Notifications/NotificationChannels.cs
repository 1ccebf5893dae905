using System.Collections.Immutable;

namespace Consult.Notifications;

/// <summary>The ways a notification leaves Consult.</summary>
public static class NotificationChannels
{
    /// <summary>A signed JSON POST to a configured system (<c>Consult:Notifications:Webhooks</c>).</summary>
    public const string Webhook = "webhook";
    public const string Email = "email";
    /// <summary>The DingTalk custom robot of the centre's group (<c>Consult:Notifications:DingTalk</c>).</summary>
    public const string DingTalk = "dingTalk";
    /// <summary>A text to the applicant through the SMS gateway (<c>Consult:Notifications:Sms</c>).</summary>
    public const string Sms = "sms";

    /// <summary>The channels a department's or a person's settings choose; webhooks and SMS are configured, not chosen.</summary>
    public static readonly ImmutableArray<string> Personal = [Email, DingTalk];
}
