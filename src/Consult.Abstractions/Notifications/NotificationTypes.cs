using System.Collections.Immutable;

namespace Consult.Notifications;

/// <summary>What a notification is about: the <c>type</c> of a webhook's body, and what settings and filters name.</summary>
public static class NotificationTypes
{
    /// <summary>A department is invited to a room (with the scheduled start when there is one).</summary>
    public const string Invitation = "invitation";
    /// <summary>A department is reminded (催办) to decide.</summary>
    public const string Reminder = "reminder";
    /// <summary>A department gets a yellow or red card.</summary>
    public const string Card = "card";
    public const string RoomClosed = "roomClosed";
    /// <summary>The case waits for the applicant's supplement (an SMS to the applicant too).</summary>
    public const string SupplementRequested = "supplementRequested";
    /// <summary>The case is decided (an SMS to the applicant too).</summary>
    public const string CaseDecided = "caseDecided";
    /// <summary>A follow-up task falls due (raised by the follow-up tasks).</summary>
    public const string TaskDue = "taskDue";
    /// <summary>The chair set, changed or removed an open room's external meeting link: every seat hears the new one.</summary>
    public const string MeetingLinkChanged = "meetingLinkChanged";

    /// <summary>
    /// The tracking link, sent to the applicant by SMS when staff ask for it: only over SMS (no
    /// webhook, e-mail or robot hears of it), whatever <c>Sms:Types</c> says; not in <see cref="All"/>
    /// (nobody subscribes to it).
    /// </summary>
    public const string TrackingLink = "trackingLink";

    public static readonly ImmutableArray<string> All = [Invitation, Reminder, Card, RoomClosed, SupplementRequested, CaseDecided, TaskDue, MeetingLinkChanged];
}
