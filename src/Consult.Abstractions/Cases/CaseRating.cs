namespace Consult.Cases;

/// <summary>
/// The applicant's rating of the service (好差评), given once through the tracking link after the
/// decision, as staff see it. A poor rating (<see cref="Ratings.IsPoor"/>) carries a follow-up
/// (整改/回访) the centre must answer with what was done; the answer is told to the applicant.
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.case-rating")]
public sealed record CaseRating(
    [property: Id(0)] int Score,
    [property: Id(1)] string? Comment,
    [property: Id(2)] DateTimeOffset RatedAt,
    [property: Id(3)] bool FollowUpRequired,
    [property: Id(4)] string? Answer = null,
    [property: Id(5)] DateTimeOffset? AnsweredAt = null,
    [property: Id(6)] string? AnsweredBy = null,
    [property: Id(7)] string? AnsweredByName = null)
{
    /// <summary>A poor rating whose follow-up nobody has answered yet.</summary>
    public bool FollowUpOpen => FollowUpRequired && Answer is null;
}
