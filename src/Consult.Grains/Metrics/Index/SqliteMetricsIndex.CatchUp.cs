using Consult.Hosting;
using Microsoft.Data.Sqlite;

namespace Consult.Metrics.Index;

/// <summary>Taking in the buckets: their notices in order, and at start every bucket row whose version the index has not seen.</summary>
public sealed partial class SqliteMetricsIndex
{
    private const string GrainPrefix = "metrics/";

    public async Task CatchUp(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await Open(cancellationToken);
            if (!_lookedOver)
            {
                await LookOver(cancellationToken);
                _lookedOver = true;
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
        var changed = new List<(string Key, string GrainId, string StateName)>();
        await using var storage = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = storagePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await storage.OpenAsync(cancellationToken);
        using (var command = storage.CreateCommand())
        {
            command.CommandText = "SELECT grain_id, state_name, etag FROM grain_state WHERE grain_id >= $first AND grain_id < $beyond AND (state_name = $state OR state_name LIKE $pages)";
            command.Parameters.AddWithValue("$first", GrainPrefix);
            command.Parameters.AddWithValue("$beyond", GrainPrefix[..^1] + (char)(GrainPrefix[^1] + 1));
            command.Parameters.AddWithValue("$state", StateNames.Metrics);
            command.Parameters.AddWithValue("$pages", StateNames.Metrics + "-%");
            try
            {
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var key = MetricsGrain.RowKey(reader.GetString(0), reader.GetString(1));
                    if (MonthOf(key) is not null && _seen.GetValueOrDefault(key, -1) != reader.GetInt64(2))
                        changed.Add((key, reader.GetString(0), reader.GetString(1)));
                }
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 1 && e.Message.Contains("no such table", StringComparison.Ordinal))
            {
                return; // the storage has not written its first row yet
            }
        }

        var cases = 0;
        foreach (var (grainId, rowGrainId, stateName) in changed)
        {
            using var read = storage.CreateCommand();
            read.CommandText = "SELECT data, etag FROM grain_state WHERE grain_id = $id AND state_name = $state";
            read.Parameters.AddWithValue("$id", rowGrainId);
            read.Parameters.AddWithValue("$state", stateName);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken) || reader.IsDBNull(0))
                continue;
            if (serializer.Deserialize<MetricsGrain.State>((byte[])reader.GetValue(0)) is not { } state)
                continue;
            var etag = reader.GetInt64(1);
            using var transaction = _writer!.BeginTransaction();
            using var statements = new MetricCaseStatements(transaction);
            using (var delete = _writer.CreateCommand())
            {
                delete.Transaction = transaction;
                delete.CommandText = "DELETE FROM metric_case WHERE grain_id = $grain";
                delete.Parameters.AddWithValue("$grain", grainId);
                delete.ExecuteNonQuery();
            }

            // The bucket's cases were all deleted above: each is inserted without looking for its last line.
            foreach (var record in state.Cases.Values)
                statements.Put(grainId, MonthOf(grainId)!.Value, record, replace: false);
            PutShard(transaction, grainId, new MetricsShard([.. state.Rooms.Values], [.. state.Decisions], [.. state.Ratings.Values]));
            SetVersion(transaction, grainId, etag);
            transaction.Commit();
            _seen[grainId] = etag;
            cases += state.Cases.Count;
        }

        if (changed.Count > 0)
        {
            LogTakenIn(logger, changed.Count, cases);
            using var checkpoint = _writer!.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            checkpoint.ExecuteNonQuery();
        }
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
