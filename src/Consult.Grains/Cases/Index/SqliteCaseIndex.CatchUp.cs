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

    public Task CatchUp(CancellationToken cancellationToken = default) => CatchUp("00000000", "99999999", cancellationToken);

    /// <summary>Takes in the day rows of days <paramref name="firstDay"/> to <paramref name="lastDay"/> stored since the index last looked.</summary>
    private async Task CatchUp(string firstDay, string lastDay, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await Open(cancellationToken);
            var changed = await Changed(firstDay, lastDay, cancellationToken);
            if (changed.Count == 0)
                return;
            using var transaction = _writer!.BeginTransaction();
            using var lines = new CaseLineStatements(_writer, transaction);
            var taken = 0;
            foreach (var (grainId, stateName, etag) in changed)
            {
                var day = grainId[DayGrainPrefix.Length..];
                var state = await Stored(grainId, stateName, cancellationToken);
                if (state is null)
                    continue;
                foreach (var line in state.Cases)
                    lines.Put(day, line);
                lines.Seen(grainId, stateName, etag);
                taken += state.Cases.Count;
            }

            transaction.Commit();
            foreach (var (grainId, stateName, etag) in changed)
                _seen[(grainId, stateName)] = etag;
            LogTakenIn(logger, changed.Count, taken);
            if (taken > BigCatchUp)
            {
                // A rebuild leaves a WAL as big as the index: copy it in and cut it back now (a reader still on it makes this a no-op, which is fine).
                using var checkpoint = _writer.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                checkpoint.ExecuteNonQuery();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The day rows of the days whose stored version differs from the one taken in.</summary>
    private async Task<List<(string GrainId, string StateName, long ETag)>> Changed(string firstDay, string lastDay, CancellationToken cancellationToken)
    {
        var changed = new List<(string, string, long)>();
        using var command = _storage!.CreateCommand();
        // Only the key and the version: the rows' data is read for the changed ones alone.
        command.CommandText = "SELECT grain_id, state_name, etag FROM grain_state WHERE grain_id >= $first AND grain_id <= $last";
        command.Parameters.AddWithValue("$first", DayGrainPrefix + firstDay);
        command.Parameters.AddWithValue("$last", DayGrainPrefix + lastDay);
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
