using Consult.Cases;

namespace Consult.Outbox;

/// <summary>The supervision list takes the case's red card (its statutory clock ran out).</summary>
[GenerateSerializer, Immutable, Alias("consult.outbox.overdue-case")]
public sealed record OverdueCaseNotice(
    [property: Id(0)] OverdueCase Card) : OutboxEntry
{
    public override string Slot => "overdue/card";

    public override string Target => "overdue";
}
