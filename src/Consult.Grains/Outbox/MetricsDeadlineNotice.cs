namespace Consult.Outbox;

/// <summary>The month's metrics learn the room's new deadline.</summary>
[GenerateSerializer, Immutable, Alias("consult.outbox.metrics-deadline")]
public sealed record MetricsDeadlineNotice([property: Id(0)] DateTimeOffset Deadline) : OutboxEntry
{
    public override string Slot => "metrics/deadline";

    public override string Target => "metrics";
}
