using System.Collections.Immutable;

namespace Consult.Notifications;

/// <summary>
/// Something that happened to a case or a room that people outside the app should hear of. A room
/// or a case records it in its outbox with the change; <see cref="Key"/> is stable (the room and
/// the event's seq, or the case and its timeline entry), so a repeat is recognised.
/// </summary>
/// <param name="Departments">The departments it concerns (one for an invitation, a reminder, a card; every seat for a close).</param>
/// <param name="Detail">What the text adds: a card's level and reason, the joint outcome, the statement.</param>
/// <param name="ApplicantPhone">Set for the events the applicant is told of by SMS.</param>
/// <param name="MeetingLink">The room's external meeting link, told with an invitation.</param>
[GenerateSerializer, Immutable, Alias("consult.notification-event")]
public sealed record NotificationEvent(
    [property: Id(0)] string Key,
    [property: Id(1)] string Type,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] Guid CaseId,
    [property: Id(4)] string CaseNumber,
    [property: Id(5)] string MatterCode,
    [property: Id(6)] Guid? RoomId,
    [property: Id(7)] ImmutableArray<string> Departments,
    [property: Id(8)] DateTimeOffset? ScheduledAt = null,
    [property: Id(9)] DateTimeOffset? Deadline = null,
    [property: Id(10)] string? Detail = null,
    [property: Id(11)] string? ApplicantPhone = null,
    [property: Id(50)] string? MeetingLink = null);
