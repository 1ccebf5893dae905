using System.Collections.Immutable;
using System.Globalization;
using Consult.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;

namespace Consult.Metrics.Index;

/// <summary>
/// A node's projection of the metrics buckets (grains <c>metrics/yyyyMM[-bNN]</c>, each row of a
/// bucket known by <see cref="MetricsGrain.RowKey"/>), in a SQLite file of its own
/// (<c>metrics-index.db</c>, beside the storage file in Embedded mode, in the data folder in Cluster
/// mode), like the case index:
/// one row per case (with its open tasks) and running counts per hour, per due day and per matter
/// kept by triggers, so a period's case figures are sums of a few hundred count rows plus the cases
/// of the two hours the period cuts; each bucket's rooms, decisions and ratings as one blob, so a
/// query never activates a bucket (which would load its cases). Fed by the buckets' notices after
/// each durable write (in Embedded mode with what changed; in Cluster mode only which row, told to
/// every node through <see cref="IStoredRows"/>, and the row is read again); at start it looks over
/// every row's version and takes in the changed ones again. Being derived, it may be deleted at any time.
/// </summary>
public sealed partial class SqliteMetricsIndex(IStoredRows rows, string indexPath, Serializer serializer, TimeProvider time, ILogger<SqliteMetricsIndex> logger)
    : IMetricsIndex, IMetricsChanges, IDisposable
{
    /// <summary>The layout; a file of another version is dropped and taken in again from the storage.</summary>
    private const int Version = 2;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);
    private SqliteConnection? _writer;
    private bool _lookedOver;

    // What the buckets told since the last catch-up, newest of each part only: per bucket its latest
    // rooms' side and the latest line of each case. Coalesced rather than queued, so that what waits
    // is bounded by the buckets and cases that changed, not by the number of writes (a queue of every
    // write's rooms' side grew by ~8 KB per decision while nobody read the figures).
    private readonly Lock _pendingLock = new();
    private Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);

    // Rows stored under versions that are not ordered (Cluster mode), here or on other nodes: read again whole.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string GrainId, string StateName), byte> _rowsTold = [];
    private int _draining;
    private volatile bool _disposed;

    private sealed class Pending
    {
        public long ShardETag = -1;
        public MetricsShard? Shard;
        public readonly Dictionary<Guid, (long ETag, CaseRecord Record)> Cases = [];

        public long ETag => Cases.Values.Select(c => c.ETag).Append(ShardETag).Max();
    }

    public void CaseStored(string grainId, long etag, CaseRecord record)
    {
        if (MonthOf(grainId) is null)
            return;
        lock (_pendingLock)
        {
            var pending = PendingOf(grainId);
            if (etag > pending.Cases.GetValueOrDefault(record.CaseId).ETag)
                pending.Cases[record.CaseId] = (etag, record);
        }

        DrainSoon();
    }

    public void ShardStored(string grainId, long etag, MetricsShard shard)
    {
        if (MonthOf(grainId) is null)
            return;
        lock (_pendingLock)
        {
            var pending = PendingOf(grainId);
            if (etag > pending.ShardETag)
                (pending.ShardETag, pending.Shard) = (etag, shard);
        }

        DrainSoon();
    }

    public void RowStored(string grainId, string stateName)
    {
        if (MonthOf(grainId) is null)
            return;
        _rowsTold[(grainId, stateName)] = 0;
        rows.Stored(grainId, stateName);
        DrainSoon();
    }

    private Pending PendingOf(string grainId)
    {
        if (!_pending.TryGetValue(grainId, out var pending))
            _pending[grainId] = pending = new Pending();
        return pending;
    }

    /// <summary>
    /// Takes the notices in shortly, whether or not anyone reads the figures, one catch-up at a time
    /// (each takes in everything told until it starts). Not a deadline: a projection's flush, which
    /// the look-over at start redoes if the process dies first.
    /// </summary>
    private void DrainSoon()
    {
        if (_disposed || Interlocked.Exchange(ref _draining, 1) == 1)
            return;
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(DrainDelay, time);
                if (!_disposed)
                    await CatchUp();
            }
            catch (ObjectDisposedException)
            {
                return; // the silo is stopping
            }
            catch (Exception e)
            {
                LogDrainFailed(logger, e);
            }
            finally
            {
                Volatile.Write(ref _draining, 0);
            }

            bool more;
            lock (_pendingLock)
                more = _pending.Count > 0 || !_rowsTold.IsEmpty;
            if (more)
                DrainSoon();
        });
    }

    /// <summary>How long the notices gather before they are taken in together.</summary>
    internal static readonly TimeSpan DrainDelay = TimeSpan.FromSeconds(1);

    /// <summary>How many parts (a bucket's rooms' side, a case's line) wait to be taken in.</summary>
    internal int PendingParts
    {
        get
        {
            lock (_pendingLock)
                return _pending.Values.Sum(p => p.Cases.Count + (p.ShardETag >= 0 ? 1 : 0));
        }
    }

    /// <summary>Everything told so far, leaving nothing pending.</summary>
    private Dictionary<string, Pending> TakePending()
    {
        lock (_pendingLock)
        {
            var taken = _pending;
            _pending = new(StringComparer.Ordinal);
            return taken;
        }
    }

    /// <summary>Puts back what a failed catch-up took, unless newer notices came meanwhile.</summary>
    private void Restore(Dictionary<string, Pending> taken)
    {
        lock (_pendingLock)
        {
            foreach (var (grainId, old) in taken)
            {
                var pending = PendingOf(grainId);
                if (old.ShardETag > pending.ShardETag)
                    (pending.ShardETag, pending.Shard) = (old.ShardETag, old.Shard);
                foreach (var (caseId, line) in old.Cases)
                {
                    if (line.ETag > pending.Cases.GetValueOrDefault(caseId).ETag)
                        pending.Cases[caseId] = line;
                }
            }
        }
    }

    public async Task<T> Read<T>(MetricsScope scope, Func<ImmutableArray<MetricsShard>, ICaseFigureSource, T> compute, CancellationToken cancellationToken = default)
    {
        try
        {
            await CatchUp(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && _lookedOver)
        {
            // The storage cannot be read now (Redis away): figures from what the index holds rather than none.
            LogStale(logger, e);
        }

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
        _disposed = true;
        _writer?.Dispose();
        rows.Dispose();
        _gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Taking the metrics buckets' notices into the index failed; they are taken in at the next read")]
    private static partial void LogDrainFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The metrics index could not take in the storage's latest rows; the figures answer from what it holds")]
    private static partial void LogStale(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Metrics index took in {Buckets} buckets ({Cases} cases) from the storage")]
    private static partial void LogTakenIn(ILogger logger, int buckets, int cases);
}
