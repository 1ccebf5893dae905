namespace Consult.Cases;

[GenerateSerializer, Immutable, Alias("consult.public-timeline-entry")]
public sealed record PublicTimelineEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Type,
    [property: Id(2)] string? Detail);
