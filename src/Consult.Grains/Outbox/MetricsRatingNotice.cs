using Consult.Metrics;

namespace Consult.Outbox;

/// <summary>The figures learn the case's rating (好差评), in the bucket of the month it was given.</summary>
[GenerateSerializer, Immutable, Alias("consult.outbox.metrics-rating")]
public sealed record MetricsRatingNotice([property: Id(0)] RatingRecord Rating) : OutboxEntry
{
    public override string Slot => "metrics/rating";

    public override string Target => "metrics";
}
