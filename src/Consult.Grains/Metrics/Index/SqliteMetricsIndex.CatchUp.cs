using Consult.Hosting;
using Microsoft.Data.Sqlite;

namespace Consult.Metrics.Index;

/// <summary>
/// Taking in the buckets: their notices (what changed, in Embedded mode; which row, in Cluster
/// mode, from this node and the others), and at start every bucket row whose version the index has not seen.
/// </summary>
public sealed partial class SqliteMetricsIndex
{
    private const string GrainPrefix = "metrics/";

    public async Task CatchUp(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await Open(cancellationToken);
            var (lookOver, elsewhere) = await rows.StoredElsewhere(cancellationToken);
            foreach (var row in elsewhere)
                _rowsTold[row] = 0;
            if (lookOver)
                _lookedOver = false;
            if (!_lookedOver)
            {
                // Rows told from here on are read next time: this look-over may already see them.
                _rowsTold.Clear();
                await LookOver(cancellationToken);
                _lookedOver = true;
            }
            else if (!_rowsTold.IsEmpty)
            {
                await TakeInTold(cancellationToken);
            }

            var taken = TakePending();
            if (taken.Count == 0)
                return;
            try
            {
                TakeIn(taken);
            }
            catch
            {
                Restore(taken);
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Takes in the parts the buckets told, in one transaction: a part whose version is not newer than
    /// what the index holds (the look-over read the whole row after it) changes nothing. Each part is
    /// the newest of its kind (a case's line, the rooms' side), so taking them in any order gives what
    /// taking every write in turn would.
    /// </summary>
    private void TakeIn(Dictionary<string, Pending> taken)
    {
        using var transaction = _writer!.BeginTransaction();
        using var statements = new MetricCaseStatements(transaction);
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (grainId, pending) in taken)
        {
            var seen = _seen.GetValueOrDefault(grainId, -1);
            var newest = pending.ETag;
            if (newest <= seen)
                continue;
            foreach (var (etag, record) in pending.Cases.Values)
            {
                if (etag > seen)
                    statements.Put(grainId, MonthOf(grainId)!.Value, record, replace: true);
            }

            if (pending.ShardETag > seen)
                PutShard(transaction, grainId, pending.Shard);
            SetVersion(transaction, grainId, newest);
            versions[grainId] = newest;
        }

        transaction.Commit();
        foreach (var (grainId, etag) in versions)
            _seen[grainId] = etag;
    }

    /// <summary>
    /// Every bucket row of the storage (a bucket's own row and its pages, each known by
    /// <see cref="MetricsGrain.RowKey"/>) whose version differs from the one taken in, taken in again whole.
    /// </summary>
    private async Task LookOver(CancellationToken cancellationToken)
    {
        var changed = (await rows.All(GrainPrefix, StateNames.Metrics, cancellationToken))
            .Where(row => row.StateName == StateNames.Metrics || row.StateName.StartsWith(StateNames.Metrics + "-", StringComparison.Ordinal))
            .Where(row => MonthOf(row.GrainId) is not null && _seen.GetValueOrDefault(MetricsGrain.RowKey(row.GrainId, row.StateName), -1) != row.ETag)
            .ToList();
        var cases = 0;
        foreach (var batch in changed.Chunk(RowsPerTransaction))
            cases += await TakeInRows([.. batch.Select(row => (row.GrainId, row.StateName))], cancellationToken);
        if (changed.Count > 0)
        {
            LogTakenIn(logger, changed.Count, cases);
            using var checkpoint = _writer!.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            checkpoint.ExecuteNonQuery();
        }
    }

    /// <summary>The rows told by their versions only (Cluster mode): each read again whole when its version changed.</summary>
    private async Task TakeInTold(CancellationToken cancellationToken)
    {
        var changed = new List<(string GrainId, string StateName)>();
        foreach (var row in _rowsTold.Keys)
        {
            _rowsTold.TryRemove(row, out _);
            changed.Add(row);
        }

        try
        {
            var stale = new List<(string GrainId, string StateName)>();
            foreach (var row in changed)
            {
                if (await rows.ETag(row.GrainId, row.StateName, cancellationToken) is { } etag
                    && _seen.GetValueOrDefault(MetricsGrain.RowKey(row.GrainId, row.StateName), -1) != etag)
                    stale.Add(row);
            }

            foreach (var batch in stale.Chunk(RowsPerTransaction))
                await TakeInRows(batch, cancellationToken);
        }
        catch
        {
            // Read again next time (a row taken in already is skipped then by its version).
            foreach (var row in changed)
                _rowsTold[row] = 0;
            throw;
        }
    }

    /// <summary>
    /// Rows taken in per transaction: each transaction rewrites the running counts its cases touch,
    /// so a transaction per row (a look-over of a million cases is a few thousand rows) wrote the
    /// same count pages to the WAL thousands of times.
    /// </summary>
    private const int RowsPerTransaction = 64;

    /// <summary>Bucket rows as they are stored now, each replacing what the index held of it, in one transaction; how many cases they hold.</summary>
    private async Task<int> TakeInRows(IReadOnlyList<(string GrainId, string StateName)> batch, CancellationToken cancellationToken)
    {
        var read = new List<(string Key, long ETag, MetricsGrain.State State)>(batch.Count);
        foreach (var (grainId, stateName) in batch)
        {
            if (await rows.Data(grainId, stateName, cancellationToken) is { } stored
                && serializer.Deserialize<MetricsGrain.State>(stored.Data) is { } state)
                read.Add((MetricsGrain.RowKey(grainId, stateName), stored.ETag, state));
        }

        using var transaction = _writer!.BeginTransaction();
        using var statements = new MetricCaseStatements(transaction);
        using var delete = _writer.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM metric_case WHERE grain_id = $grain";
        var grain = delete.Parameters.Add("$grain", Microsoft.Data.Sqlite.SqliteType.Text);
        var cases = 0;
        foreach (var (key, etag, state) in read)
        {
            grain.Value = key;
            delete.ExecuteNonQuery();
            // The row's cases were all deleted above: each is inserted without looking for its last line.
            foreach (var record in state.Cases.Values)
                statements.Put(key, MonthOf(key)!.Value, record, replace: false);
            PutShard(transaction, key, new MetricsShard([.. state.Rooms.Values], [.. state.Decisions], [.. state.Ratings.Values]));
            SetVersion(transaction, key, etag);
            cases += state.Cases.Count;
        }

        transaction.Commit();
        foreach (var (key, etag, _) in read)
            _seen[key] = etag;
        return cases;
    }

    private void PutShard(SqliteTransaction transaction, string grainId, MetricsShard? shard)
    {
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO shard (grain_id, month, etag, shard) VALUES ($grain, $month, 0, $shard) ON CONFLICT DO UPDATE SET shard = excluded.shard";
        command.Parameters.AddWithValue("$grain", grainId);
        command.Parameters.AddWithValue("$month", MonthOf(grainId)!.Value);
        command.Parameters.AddWithValue("$shard", shard is null ? DBNull.Value : serializer.SerializeToArray(shard));
        command.ExecuteNonQuery();
    }

    private static void SetVersion(SqliteTransaction transaction, string grainId, long etag)
    {
        using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO shard (grain_id, month, etag) VALUES ($grain, $month, $etag) ON CONFLICT DO UPDATE SET etag = excluded.etag";
        command.Parameters.AddWithValue("$grain", grainId);
        command.Parameters.AddWithValue("$month", MonthOf(grainId)!.Value);
        command.Parameters.AddWithValue("$etag", etag);
        command.ExecuteNonQuery();
    }
}
