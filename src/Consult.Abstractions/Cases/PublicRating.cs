namespace Consult.Cases;

/// <summary>The applicant's own rating behind the tracking link, and the centre's answer to a poor one (no staff names).</summary>
[GenerateSerializer, Immutable, Alias("consult.public-rating")]
public sealed record PublicRating(
    [property: Id(0)] int Score,
    [property: Id(1)] string? Comment,
    [property: Id(2)] DateTimeOffset RatedAt,
    [property: Id(3)] bool FollowUpRequired,
    [property: Id(4)] string? Answer = null,
    [property: Id(5)] DateTimeOffset? AnsweredAt = null);
