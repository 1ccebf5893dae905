namespace Consult.Cases;

/// <summary>
/// A step in a case's life, as shown to staff and (filtered) to the applicant. <see cref="Actor"/> is
/// the user name (<c>system</c> for automatic steps); <see cref="ActorName"/> the person's display name
/// when they acted (null for the system, and for steps stored before names were recorded).
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.timeline-entry")]
public sealed record TimelineEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Type,
    [property: Id(2)] string Actor,
    [property: Id(3)] string? Detail,
    [property: Id(4)] Guid? RoomId,
    [property: Id(5)] string? ActorName = null);
