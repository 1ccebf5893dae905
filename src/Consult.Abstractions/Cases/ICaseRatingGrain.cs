namespace Consult.Cases;

/// <summary>
/// A case's public-service rating (好差评). Implemented by the case grain itself (same key, same
/// activation as <see cref="ICaseGrain"/>), so the rating, its follow-up and what the case owes the
/// figures and the follow-up list are one write.
/// </summary>
[Alias("consult.case-rating-grain")]
public interface ICaseRatingGrain : IGrainWithGuidKey
{
    /// <summary>
    /// The applicant rates the service through the tracking link: <c>not_found</c> for a wrong token,
    /// <c>invalid_input</c> for a score outside 1–5 or a comment too long, <c>conflict</c> before the
    /// decision or for a second rating. A poor rating opens the follow-up.
    /// </summary>
    [Alias("rate")]
    Task<PublicCaseView> Rate(string trackingToken, int score, string? comment);

    /// <summary>
    /// A window officer or a manager answers a poor rating's follow-up with what was done (told to the
    /// applicant): <c>conflict</c> when the case has no open follow-up (not rated, not poor, answered).
    /// </summary>
    [Alias("answer-rating")]
    Task<CaseView> AnswerRatingFollowUp(Common.Actor actor, string answer);
}
