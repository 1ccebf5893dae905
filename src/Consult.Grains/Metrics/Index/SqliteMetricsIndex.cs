using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using Consult.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;

namespace Consult.Metrics.Index;

/// <summary>
/// Embedded mode's projection of the metrics buckets (grains <c>metrics/yyyyMM[-bNN]</c>), in a
/// SQLite file of its own (<c>metrics-index.db</c>) beside the storage file, like the case index:
/// one row per case (with its open tasks) and running counts per hour, per due day and per matter
/// kept by triggers, so a period's case figures are sums of a few hundred count rows plus the cases
/// of the two hours the period cuts; each bucket's rooms, decisions and ratings as one blob, so a
/// query never activates a bucket (which would load its cases). Fed by the buckets' notices after
/// each durable write; at start it looks over every bucket's version and takes in the changed ones
/// again. Being derived, it may be deleted at any time.
/// </summary>
public sealed partial class SqliteMetricsIndex(string storagePath, string indexPath, Serializer serializer, ILogger<SqliteMetricsIndex> logger)
    : IMetricsIndex, IMetricsChanges, IDisposable
{
    /// <summary>The layout; a file of another version is dropped and taken in again from the storage.</summary>
    private const int Version = 2;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentQueue<Notice> _notices = new();
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);
    private SqliteConnection? _writer;
    private bool _lookedOver;

    private sealed record Notice(string GrainId, long ETag, CaseRecord? Case, MetricsShard? Shard);

    public void CaseStored(string grainId, long etag, CaseRecord record)
    {
        if (MonthOf(grainId) is not null)
            _notices.Enqueue(new Notice(grainId, etag, record, null));
    }

    public void ShardStored(string grainId, long etag, MetricsShard shard)
    {
        if (MonthOf(grainId) is not null)
            _notices.Enqueue(new Notice(grainId, etag, null, shard));
    }

    public async Task<T> Read<T>(MetricsScope scope, Func<ImmutableArray<MetricsShard>, ICaseFigureSource, T> compute, CancellationToken cancellationToken = default)
    {
        await CatchUp(cancellationToken);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = indexPath, Mode = SqliteOpenMode.ReadOnly }.ToString());
        await connection.OpenAsync(cancellationToken);
        // One read transaction: the counts and the rows of one answer are of one moment.
        using var transaction = connection.BeginTransaction(deferred: true);
        var shards = ImmutableArray.CreateBuilder<MetricsShard>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT shard FROM shard WHERE month BETWEEN $m0 AND $m1 AND shard IS NOT NULL ORDER BY grain_id";
            command.Parameters.AddWithValue("$m0", scope.FirstMonth);
            command.Parameters.AddWithValue("$m1", scope.LastMonth);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                shards.Add(serializer.Deserialize<MetricsShard>((byte[])reader.GetValue(0))!);
        }

        return compute(shards.ToImmutable(), new SqliteCaseFigures(connection, scope));
    }

    /// <summary>The month (yyyyMM) of a bucket's grain id <c>metrics/yyyyMM[-bNN]</c>.</summary>
    internal static int? MonthOf(string grainId) =>
        grainId.Length >= GrainPrefix.Length + 6 && grainId.StartsWith(GrainPrefix, StringComparison.Ordinal)
        && int.TryParse(grainId.AsSpan(GrainPrefix.Length, 6), NumberStyles.None, CultureInfo.InvariantCulture, out var month) ? month : null;

    private async Task Open(CancellationToken cancellationToken)
    {
        if (_writer is not null)
            return;
        await SqliteFiles.DeleteIfOtherVersion(indexPath, Version, cancellationToken);
        _writer = await SqliteFiles.Open(indexPath, MetricsIndexSchema.Setup(Version), cancellationToken);
        using var command = _writer.CreateCommand();
        command.CommandText = "SELECT grain_id, etag FROM shard";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            _seen[reader.GetString(0)] = reader.GetInt64(1);
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Metrics index took in {Buckets} buckets ({Cases} cases) from the storage")]
    private static partial void LogTakenIn(ILogger logger, int buckets, int cases);
}
