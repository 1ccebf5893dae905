using Consult.Metrics;

namespace Consult.Outbox;

/// <summary>The figures learn the case's line, in the bucket of the month it was registered; a newer line replaces a pending one.</summary>
[GenerateSerializer, Immutable, Alias("consult.outbox.metrics-case")]
public sealed record MetricsCaseNotice([property: Id(0)] CaseRecord Record) : OutboxEntry
{
    public override string Slot => "metrics/case";

    public override string Target => "metrics";
}
