using Consult.Cases;
using Consult.Rooms;

namespace Consult.Notifications;

/// <summary>
/// The notifications a case's status makes: a supplement asked of the applicant, the case decided.
/// They are addressed to the applicant (by SMS) and to the webhooks without a department filter;
/// no department's people are mailed the applicant's text.
/// </summary>
public static class CaseNotifications
{
    public static NotificationEvent? For(Guid caseId, CaseState state, CaseStatus status, DateTimeOffset now)
    {
        var type = status switch
        {
            CaseStatus.SupplementRequired => NotificationTypes.SupplementRequested,
            CaseStatus.Decided => NotificationTypes.CaseDecided,
            _ => null,
        };
        if (type is null)
            return null;
        var closed = state.Timeline.LastOrDefault(t => t.Type == TimelineTypes.ConsultationClosed);
        var detail = closed?.Detail is { } outcome && Enum.TryParse<JointOutcome>(outcome, out var joint) ? NotificationTexts.Outcome(joint) : null;
        // The timeline's length keys the change: a second supplement round is a new notification.
        return new NotificationEvent($"{caseId:N}:status:{state.Timeline.Count}:{type}", type, now, caseId, state.CaseNumber, state.MatterCode,
            closed?.RoomId, [], Detail: detail, ApplicantPhone: state.Applicant?.Phone);
    }
}
