using Consult.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Consult.Cases.Index;

/// <summary>Taking in the day grains' stored pages (rows <c>case-day</c>, <c>case-day-N</c> of grains <c>caseday/yyyyMMdd</c>).</summary>
public sealed partial class SqliteCaseIndex
{
    private const string DayGrainPrefix = "caseday/";
    private const int BigCatchUp = 10_000;

    // The version of every day row taken in: a few thousand rows for a million cases.
    private readonly Dictionary<(string GrainId, string StateName), long> _seen = [];

    // Rows the day grains stored since the last catch-up; every row is looked over once after start.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string GrainId, string StateName), byte> _dirty = [];
    private bool _lookedOver;

    public void Changed(string grainId, string stateName) => _dirty[(grainId, stateName)] = 0;

    /// <summary>
    /// Takes in the day rows stored since the index last looked: the first time after start every
    /// day row (which finds what was stored before a crash or while the index was away), then only
    /// the rows the day grains said they stored.
    /// </summary>
    public async Task CatchUp(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        List<(string GrainId, string StateName, long ETag)> changed = [];
        try
        {
            await Open(cancellationToken);
            changed = _lookedOver ? await Told(cancellationToken) : await AllDayRows(cancellationToken);
            if (changed.Count > 0)
                await Apply(changed, cancellationToken);
            _lookedOver = true;
        }
        catch
        {
            // Nothing of this catch-up is in the index: its rows are read again next time.
            foreach (var (grainId, stateName, _) in changed)
                _dirty[(grainId, stateName)] = 0;
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Takes in the rows <paramref name="changed"/> in one transaction.</summary>
    private async Task Apply(List<(string GrainId, string StateName, long ETag)> changed, CancellationToken cancellationToken)
    {
        using (var transaction = _writer!.BeginTransaction())
        {
            using var lines = new CaseLineStatements(_writer, transaction);
            var taken = 0;
            foreach (var (grainId, stateName, etag) in changed)
            {
                var state = await Stored(grainId, stateName, cancellationToken);
                if (state is null)
                    continue;
                foreach (var line in state.Cases)
                    lines.Put(grainId[DayGrainPrefix.Length..], line);
                lines.Seen(grainId, stateName, etag);
                taken += state.Cases.Count;
            }

            transaction.Commit();
            LogTakenIn(logger, changed.Count, taken);
            if (taken > BigCatchUp)
            {
                // A rebuild leaves a WAL as big as the index: copy it in and cut it back now (a reader still on it makes this a no-op, which is fine).
                using var checkpoint = _writer.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                checkpoint.ExecuteNonQuery();
            }
        }

        foreach (var (grainId, stateName, etag) in changed)
            _seen[(grainId, stateName)] = etag;
    }

    /// <summary>The rows the day grains said they stored, with their versions now (a notice taken before its row is read: a later write tells again).</summary>
    private async Task<List<(string GrainId, string StateName, long ETag)>> Told(CancellationToken cancellationToken)
    {
        var changed = new List<(string, string, long)>();
        foreach (var key in _dirty.Keys)
        {
            _dirty.TryRemove(key, out _);
            using var command = _storage!.CreateCommand();
            command.CommandText = "SELECT etag FROM grain_state WHERE grain_id = $id AND state_name = $state";
            command.Parameters.AddWithValue("$id", key.GrainId);
            command.Parameters.AddWithValue("$state", key.StateName);
            if (await command.ExecuteScalarAsync(cancellationToken) is long etag && _seen.GetValueOrDefault(key) != etag)
                changed.Add((key.GrainId, key.StateName, etag));
        }

        return changed;
    }

    /// <summary>The day rows whose stored version differs from the one taken in.</summary>
    private async Task<List<(string GrainId, string StateName, long ETag)>> AllDayRows(CancellationToken cancellationToken)
    {
        var changed = new List<(string, string, long)>();
        using var command = _storage!.CreateCommand();
        // Only the key and the version: the rows' data is read for the changed ones alone.
        command.CommandText = "SELECT grain_id, state_name, etag FROM grain_state WHERE grain_id >= $first AND grain_id < $beyond";
        command.Parameters.AddWithValue("$first", DayGrainPrefix);
        command.Parameters.AddWithValue("$beyond", DayGrainPrefix[..^1] + (char)(DayGrainPrefix[^1] + 1));
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var (grainId, stateName, etag) = (reader.GetString(0), reader.GetString(1), reader.GetInt64(2));
                if (stateName.StartsWith(StateNames.CaseDay, StringComparison.Ordinal) && _seen.GetValueOrDefault((grainId, stateName)) != etag)
                    changed.Add((grainId, stateName, etag));
            }
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1 && e.Message.Contains("no such table", StringComparison.Ordinal))
        {
            // The storage has not written its first row yet.
        }

        return changed;
    }

    private async Task<CaseDayGrain.State?> Stored(string grainId, string stateName, CancellationToken cancellationToken)
    {
        using var command = _storage!.CreateCommand();
        command.CommandText = "SELECT data FROM grain_state WHERE grain_id = $id AND state_name = $state";
        command.Parameters.AddWithValue("$id", grainId);
        command.Parameters.AddWithValue("$state", stateName);
        return await command.ExecuteScalarAsync(cancellationToken) is byte[] data ? serializer.Deserialize<CaseDayGrain.State>(data) : null;
    }

    private async Task LoadSeen(CancellationToken cancellationToken)
    {
        using var command = _writer!.CreateCommand();
        command.CommandText = "SELECT grain_id, state_name, etag FROM indexed_row";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            _seen[(reader.GetString(0), reader.GetString(1))] = reader.GetInt64(2);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Case index took in {Rows} day rows ({Lines} lines)")]
    private static partial void LogTakenIn(ILogger logger, int rows, int lines);
}
