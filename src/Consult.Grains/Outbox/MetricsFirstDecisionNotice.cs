namespace Consult.Outbox;

/// <summary>The month's metrics learn when a department first decided.</summary>
[GenerateSerializer, Immutable, Alias("consult.outbox.metrics-first-decision")]
public sealed record MetricsFirstDecisionNotice(
    [property: Id(0)] string Department,
    [property: Id(1)] DateTimeOffset InvitedAt,
    [property: Id(2)] DateTimeOffset DecidedAt) : OutboxEntry
{
    public override string Slot => "metrics/decision/" + Department;

    public override string Target => "metrics";
}
