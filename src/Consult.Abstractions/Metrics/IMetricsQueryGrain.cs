namespace Consult.Metrics;

/// <summary>Computes manager figures from the month shards that can hold rooms of the period.</summary>
[Alias("consult.metrics-query-grain")]
public interface IMetricsQueryGrain : IGrainWithIntegerKey
{
    [Alias("query")]
    Task<DecisionMetrics> Query(DateTimeOffset from, DateTimeOffset to);
}
