using Consult.Hosting;
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

    public void Changed(string grainId, string stateName)
    {
        _dirty[(grainId, stateName)] = 0;
        rows.Stored(grainId, stateName);
    }

    /// <summary>
    /// Takes in the day rows stored since the index last looked: the first time after start every
    /// day row (which finds what was stored before a crash or while the index was away), then only
    /// the rows the day grains said they stored, here or on other nodes (and every row again when
    /// the storage says a notice may have been missed).
    /// </summary>
    public async Task CatchUp(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        List<(string GrainId, string StateName, long ETag)> changed = [];
        try
        {
            await Open(cancellationToken);
            var (lookOver, elsewhere) = await rows.StoredElsewhere(cancellationToken);
            foreach (var row in elsewhere)
                _dirty[row] = 0;
            if (lookOver)
                _lookedOver = false;
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
            if (await rows.ETag(key.GrainId, key.StateName, cancellationToken) is { } etag && _seen.GetValueOrDefault(key) != etag)
                changed.Add((key.GrainId, key.StateName, etag));
        }

        return changed;
    }

    /// <summary>The day rows whose stored version differs from the one taken in.</summary>
    private async Task<List<(string GrainId, string StateName, long ETag)>> AllDayRows(CancellationToken cancellationToken)
    {
        // Notices that arrive from here on are read next time: this look-over may already see their rows.
        _dirty.Clear();
        var all = await rows.All(DayGrainPrefix, StateNames.CaseDay, cancellationToken);
        return [.. all.Where(row => _seen.GetValueOrDefault((row.GrainId, row.StateName)) != row.ETag)];
    }

    private async Task<CaseDayGrain.State?> Stored(string grainId, string stateName, CancellationToken cancellationToken) =>
        await rows.Data(grainId, stateName, cancellationToken) is { } row ? serializer.Deserialize<CaseDayGrain.State>(row.Data) : null;

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
