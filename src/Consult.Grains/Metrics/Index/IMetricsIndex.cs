using System.Collections.Immutable;

namespace Consult.Metrics.Index;

/// <summary>
/// Told by a metrics bucket that its row is stored anew (after the write is durable), with what
/// changed, so that a projection beside the storage takes in that change alone.
/// </summary>
public interface IMetricsChanges
{
    /// <summary>A case's line changed; the row's version is now <paramref name="etag"/>.</summary>
    void CaseStored(string grainId, long etag, CaseRecord record);

    /// <summary>The bucket's rooms, decisions or ratings changed: all of them as they are now (no cases).</summary>
    void ShardStored(string grainId, long etag, MetricsShard shard);

    /// <summary>
    /// A bucket's row <paramref name="stateName"/> was stored under a version that is not a growing
    /// number (Cluster mode's Redis): the projection reads the row again, and every node's is told.
    /// </summary>
    void RowStored(string grainId, string stateName);
}

/// <summary>The metrics buckets' records a period's figures need, read from a projection instead of the grains.</summary>
public interface IMetricsIndex
{
    /// <summary>
    /// Catches up, then hands <paramref name="compute"/> the rooms, decisions and ratings of the
    /// buckets of months <paramref name="firstMonth"/>…<paramref name="lastMonth"/> (yyyyMM) and
    /// their cases as counts; the cases are readable only while <paramref name="compute"/> runs.
    /// </summary>
    Task<T> Read<T>(MetricsScope scope, Func<ImmutableArray<MetricsShard>, ICaseFigureSource, T> compute, CancellationToken cancellationToken = default);

    /// <summary>Takes in what was stored since the projection last looked (all buckets the first time).</summary>
    Task CatchUp(CancellationToken cancellationToken = default);
}

/// <summary>Which buckets (months, yyyyMM, inclusive) and which period a read is for; <paramref name="Today"/> in the centre's time zone.</summary>
public sealed record MetricsScope(int FirstMonth, int LastMonth, DateTimeOffset From, DateTimeOffset To, DateOnly Today);
