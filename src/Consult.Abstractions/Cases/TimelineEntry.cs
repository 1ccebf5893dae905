namespace Consult.Cases;

/// <summary>A step in a case's life, as shown to staff and (filtered) to the applicant.</summary>
[GenerateSerializer, Immutable, Alias("consult.timeline-entry")]
public sealed record TimelineEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Type,
    [property: Id(2)] string Actor,
    [property: Id(3)] string? Detail,
    [property: Id(4)] Guid? RoomId);
