using System.Collections.Immutable;

namespace Consult.Metrics;

/// <summary>
/// One case's rating as the figures keep it, in the bucket of the month it was given (by case id):
/// its matter, the convener who answered for the case (首问负责), the departments seated in its rooms.
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.metrics.rating")]
public sealed record RatingRecord(
    [property: Id(0)] Guid CaseId,
    [property: Id(1)] string MatterCode,
    [property: Id(2)] string Convener,
    [property: Id(3)] string? ConvenerName,
    [property: Id(4)] ImmutableArray<string> Departments,
    [property: Id(5)] int Score,
    [property: Id(6)] DateTimeOffset RatedAt);
