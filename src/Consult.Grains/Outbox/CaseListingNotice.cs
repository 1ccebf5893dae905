using Consult.Cases;

namespace Consult.Outbox;

/// <summary>The day index's listing line of a case takes the case's status.</summary>
[GenerateSerializer, Immutable, Alias("consult.outbox.case-listing")]
public sealed record CaseListingNotice(
    [property: Id(0)] string DayKey,
    [property: Id(1)] CaseStatus Status) : OutboxEntry
{
    public override string Slot => "listing/status";

    public override string Target => "listing";
}
