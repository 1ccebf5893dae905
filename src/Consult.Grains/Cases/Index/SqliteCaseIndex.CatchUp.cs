using System.Globalization;
using Consult.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Consult.Cases.Index;

/// <summary>Taking in the day grains' stored pages (rows <c>case-day</c>, <c>case-day-N</c> of grains <c>caseday/yyyyMMdd</c>).</summary>
public sealed partial class SqliteCaseIndex
{
    private const string DayGrainPrefix = "caseday/";

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
            using var lines = new LineStatements(_writer, transaction);
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

    /// <summary>
    /// The index's writes, compiled once per catch-up: a new line goes into both tables; a line
    /// seen before changes its status and pending mark only (its number, name and instant never change).
    /// </summary>
    private sealed class LineStatements : IDisposable
    {
        private readonly SqliteCommand _insert;
        private readonly SqliteCommand _text;
        private readonly SqliteCommand _update;
        private readonly SqliteCommand _seen;

        public LineStatements(SqliteConnection connection, SqliteTransaction transaction)
        {
            _insert = Command(connection, transaction, """
                INSERT INTO case_line (id, day, case_id, number, matter, applicant, status, created_at, created_offset, officer, pending)
                VALUES ($id, $day, $case, $number, $matter, $applicant, $status, $at, $offset, $officer, $pending)
                ON CONFLICT (id) DO NOTHING
                """, "$id", "$day", "$case", "$number", "$matter", "$applicant", "$status", "$at", "$offset", "$officer", "$pending");
            _text = Command(connection, transaction, "INSERT INTO case_text (rowid, applicant, pairs) VALUES ($id, $applicant, $pairs)", "$id", "$applicant", "$pairs");
            _update = Command(connection, transaction, "UPDATE case_line SET status = $status, pending = $pending WHERE id = $id", "$id", "$status", "$pending");
            _seen = Command(connection, transaction, """
                INSERT INTO indexed_row (grain_id, state_name, etag) VALUES ($grain, $state, $etag)
                ON CONFLICT (grain_id, state_name) DO UPDATE SET etag = excluded.etag
                """, "$grain", "$state", "$etag");
        }

        /// <summary>The line's key: its day and its sequence in the day, from its number.</summary>
        public static long Key(string day, string caseNumber) =>
            long.Parse(day, CultureInfo.InvariantCulture) * 10_000_000 + CaseTextSearch.Sequence(caseNumber);

        public void Put(string day, CaseSummary line)
        {
            var id = Key(day, line.CaseNumber);
            Set(_insert, ("$id", id), ("$day", day), ("$case", line.CaseId.ToString()), ("$number", line.CaseNumber), ("$matter", line.MatterCode),
                ("$applicant", line.ApplicantName), ("$status", (int)line.Status), ("$at", line.CreatedAt.UtcTicks),
                ("$offset", (int)line.CreatedAt.Offset.TotalMinutes), ("$officer", line.ReceivingOfficer), ("$pending", line.Pending ? 1 : 0));
            if (_insert.ExecuteNonQuery() == 1)
            {
                Set(_text, ("$id", id), ("$applicant", line.ApplicantName), ("$pairs", CaseTextSearch.Pairs(line.ApplicantName)));
                _text.ExecuteNonQuery();
                return;
            }

            Set(_update, ("$id", id), ("$status", (int)line.Status), ("$pending", line.Pending ? 1 : 0));
            _update.ExecuteNonQuery();
        }

        public void Seen(string grainId, string stateName, long etag)
        {
            Set(_seen, ("$grain", grainId), ("$state", stateName), ("$etag", etag));
            _seen.ExecuteNonQuery();
        }

        private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var parameter in parameters)
                command.Parameters.Add(new SqliteParameter { ParameterName = parameter });
            return command;
        }

        private static void Set(SqliteCommand command, params (string Name, object Value)[] values)
        {
            foreach (var (name, value) in values)
                command.Parameters[name].Value = value;
        }

        public void Dispose()
        {
            _insert.Dispose();
            _text.Dispose();
            _update.Dispose();
            _seen.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Case index took in {Rows} day rows ({Lines} lines)")]
    private static partial void LogTakenIn(ILogger logger, int rows, int lines);
}
