using System.Globalization;
using Consult.Common;
using Consult.Metrics;
using Consult.Outbox;

namespace Consult.Cases;

/// <summary>
/// The public-service rating (好差评): the applicant rates once, after the decision, through the
/// tracking link; a poor rating opens a follow-up (整改/回访) for the convener's centre, answered by
/// a window officer or a manager with what was done, and the answer is shown to the applicant. The
/// rating, the figures' record and the follow-up list's line are one write (the outbox).
/// </summary>
public sealed partial class CaseGrain : ICaseRatingGrain
{
    public async Task<PublicCaseView> Rate(string trackingToken, int score, string? comment)
    {
        if (!State.Registered || !TrackingTokens.Matches(State.TrackingToken, trackingToken))
            throw ConsultException.NotFound("No case for this link.");
        if (!Ratings.IsValid(score))
            throw ConsultException.InvalidInput($"score must be a whole number from {Ratings.MinScore} to {Ratings.MaxScore}.");
        TextRules.Require(comment, "comment", Ratings.MaxCommentLength, required: false, multiline: true);
        if (State.Rating is not null)
            throw ConsultException.Conflict("The case is rated already: a case is rated once.");
        if (!Ratings.CanBeRated(State.Status))
            throw ConsultException.Conflict("The case is not decided yet: it is rated after the decision.");

        var now = time.GetUtcNow();
        var poor = Ratings.IsPoor(score);
        var text = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        State.Rating = new CaseRating(score, text, now, poor);
        AddTimeline(Actor.Applicant, TimelineTypes.Rated, score.ToString(CultureInfo.InvariantCulture));
        var (convener, convenerName) = Convener();
        Outbox.Add(new MetricsRatingNotice(new RatingRecord(
            CaseId, State.MatterCode, convener, convenerName, [.. State.Departments.Order(StringComparer.Ordinal)], score, now)));
        if (poor)
            Outbox.Add(new RatingFollowUpNotice(new OpenRatingFollowUp(CaseId, State.CaseNumber, State.MatterCode, score, text, now, convener, convenerName)));
        await WriteWithOutbox();
        return await PublicView();
    }

    public async Task<CaseView> AnswerRatingFollowUp(Actor actor, string answer)
    {
        EnsureRegistered();
        if (!actor.IsWindow && !actor.IsManager)
            throw ConsultException.Forbidden("Only a window officer or a manager answers a rating's follow-up.");
        TextRules.Require(answer, "answer", Ratings.MaxAnswerLength, multiline: true);
        if (State.Rating is not { FollowUpOpen: true } rating)
            throw ConsultException.Conflict(State.Rating is { FollowUpRequired: true }
                ? "The rating's follow-up is answered already."
                : "The case has no poor rating to follow up.");

        var text = answer.Trim();
        State.Rating = rating with { Answer = text, AnsweredAt = time.GetUtcNow(), AnsweredBy = actor.UserName, AnsweredByName = actor.DisplayName };
        AddTimeline(actor, TimelineTypes.RatingAnswered, text);
        Outbox.Add(new RatingFollowUpNotice(null));
        await WriteWithOutbox();
        return await View(full: actor.IsWindow, withToken: true);
    }

    /// <summary>Decided, not yet rated: the applicant's page asks for the rating.</summary>
    private bool Rateable => State.Rating is null && Ratings.CanBeRated(State.Status);

    private PublicRating? PublicRating() => State.Rating is { } r
        ? new PublicRating(r.Score, r.Comment, r.RatedAt, r.FollowUpRequired, r.Answer, r.AnsweredAt)
        : null;

    /// <summary>Who answers for the case (首问负责): the convener of its last room, else the officer who received it.</summary>
    private (string UserName, string? Name) Convener() =>
        State.Timeline.LastOrDefault(t => t.Type == TimelineTypes.ConsultationOpened) is { } opened
            ? (opened.Actor, opened.ActorName)
            : (State.ReceivingOfficer, State.ReceivingOfficerName);
}
