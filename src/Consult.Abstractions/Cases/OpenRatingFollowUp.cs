namespace Consult.Cases;

/// <summary>A poor rating not yet answered, as the cross-case list of the centre's follow-ups keeps it.</summary>
[GenerateSerializer, Immutable, Alias("consult.open-rating-follow-up")]
public sealed record OpenRatingFollowUp(
    [property: Id(0)] Guid CaseId,
    [property: Id(1)] string CaseNumber,
    [property: Id(2)] string MatterCode,
    [property: Id(3)] int Score,
    [property: Id(4)] string? Comment,
    [property: Id(5)] DateTimeOffset RatedAt,
    [property: Id(6)] string Convener,
    [property: Id(7)] string? ConvenerName);
