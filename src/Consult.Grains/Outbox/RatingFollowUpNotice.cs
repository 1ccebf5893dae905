using Consult.Cases;

namespace Consult.Outbox;

/// <summary>The list of open rating follow-ups takes the case's (null: none open now; a newer notice replaces an older one).</summary>
[GenerateSerializer, Immutable, Alias("consult.outbox.rating-follow-up")]
public sealed record RatingFollowUpNotice([property: Id(0)] OpenRatingFollowUp? Open) : OutboxEntry
{
    public override string Slot => "rating/follow-up";

    public override string Target => "rating-follow-ups";
}
