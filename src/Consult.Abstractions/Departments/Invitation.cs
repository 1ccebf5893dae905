using Consult.Rooms;

namespace Consult.Departments;

/// <summary>
/// A room a department is invited to: when it starts (<see cref="ScheduledAt"/>, null when it
/// opened at once), the worst supervision card the department holds in it, when it was last
/// reminded (a later instant than the inbox knew means a new reminder), the case's summary and
/// who convened (<see cref="Convener"/>: the user name; <see cref="ConvenerName"/>: the display name
/// recorded when the room opened, null for rooms opened before names were recorded).
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.invitation")]
public sealed record Invitation(
    [property: Id(0)] Guid RoomId,
    [property: Id(1)] Guid CaseId,
    [property: Id(2)] string CaseNumber,
    [property: Id(3)] string MatterCode,
    [property: Id(4)] SeatRole Role,
    [property: Id(5)] DateTimeOffset InvitedAt,
    [property: Id(6)] DateTimeOffset Deadline,
    [property: Id(7)] bool Decided,
    [property: Id(8)] DateTimeOffset? ScheduledAt = null,
    [property: Id(9)] CardLevel? Card = null,
    [property: Id(10)] DateTimeOffset? LastRemindedAt = null,
    [property: Id(11)] string? Summary = null,
    [property: Id(12)] string? Convener = null,
    // Id 30: clear of the ids the inbox's other features take next.
    [property: Id(30)] string? ConvenerName = null,
    // Id 50: the room's external meeting link, as on its snapshot.
    [property: Id(50)] string? MeetingLink = null);
