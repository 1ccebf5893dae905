using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Consult.Cases.Index;

/// <summary>
/// The case index's writes, compiled once per catch-up: a new line goes into the lines, the name
/// trigrams, its day's running count and its day's span; a line seen before changes its status and
/// pending mark only (its number, name, matter and instant never change), moving one unit of its
/// day's count from the old status to the new.
/// </summary>
internal sealed class CaseLineStatements : IDisposable
{
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _text;
    private readonly SqliteCommand _current;
    private readonly SqliteCommand _update;
    private readonly SqliteCommand _count;
    private readonly SqliteCommand _span;
    private readonly SqliteCommand _seen;

    public CaseLineStatements(SqliteConnection connection, SqliteTransaction transaction)
    {
        _insert = Command(connection, transaction, """
            INSERT INTO case_line (id, day, case_id, number, matter, applicant, status, created_at, created_offset, officer, pending)
            VALUES ($id, $day, $case, $number, $matter, $applicant, $status, $at, $offset, $officer, $pending)
            ON CONFLICT (id) DO NOTHING
            """, "$id", "$day", "$case", "$number", "$matter", "$applicant", "$status", "$at", "$offset", "$officer", "$pending");
        _text = Command(connection, transaction, "INSERT INTO case_text (rowid, applicant, pairs) VALUES ($id, $applicant, $pairs)", "$id", "$applicant", "$pairs");
        _current = Command(connection, transaction, "SELECT status, pending FROM case_line WHERE id = $id", "$id");
        _update = Command(connection, transaction, "UPDATE case_line SET status = $status, pending = $pending WHERE id = $id", "$id", "$status", "$pending");
        _count = Command(connection, transaction, """
            INSERT INTO day_count (day, status, matter, pending, n) VALUES ($day, $status, $matter, $pending, $n)
            ON CONFLICT (day, status, matter, pending) DO UPDATE SET n = n + excluded.n
            """, "$day", "$status", "$matter", "$pending", "$n");
        _span = Command(connection, transaction, """
            INSERT INTO day_span (day, first_at, last_at) VALUES ($day, $at, $at)
            ON CONFLICT (day) DO UPDATE SET first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at)
            """, "$day", "$at");
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
        var (status, pending) = ((int)line.Status, line.Pending ? 1 : 0);
        Set(_insert, ("$id", id), ("$day", day), ("$case", line.CaseId.ToString()), ("$number", line.CaseNumber), ("$matter", line.MatterCode),
            ("$applicant", line.ApplicantName), ("$status", status), ("$at", line.CreatedAt.UtcTicks),
            ("$offset", (int)line.CreatedAt.Offset.TotalMinutes), ("$officer", line.ReceivingOfficer), ("$pending", pending));
        if (_insert.ExecuteNonQuery() == 1)
        {
            Set(_text, ("$id", id), ("$applicant", line.ApplicantName), ("$pairs", CaseTextSearch.Pairs(line.ApplicantName)));
            _text.ExecuteNonQuery();
            Count(day, status, line.MatterCode, pending, 1);
            Set(_span, ("$day", day), ("$at", line.CreatedAt.UtcTicks));
            _span.ExecuteNonQuery();
            return;
        }

        Set(_current, ("$id", id));
        using (var reader = _current.ExecuteReader())
        {
            reader.Read();
            var (was, wasPending) = (reader.GetInt32(0), reader.GetInt32(1));
            if (was == status && wasPending == pending)
                return;
            Count(day, was, line.MatterCode, wasPending, -1);
        }

        Count(day, status, line.MatterCode, pending, 1);
        Set(_update, ("$id", id), ("$status", status), ("$pending", pending));
        _update.ExecuteNonQuery();
    }

    public void Seen(string grainId, string stateName, long etag)
    {
        Set(_seen, ("$grain", grainId), ("$state", stateName), ("$etag", etag));
        _seen.ExecuteNonQuery();
    }

    private void Count(string day, int status, string matter, int pending, int change)
    {
        Set(_count, ("$day", day), ("$status", status), ("$matter", matter), ("$pending", pending), ("$n", change));
        _count.ExecuteNonQuery();
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
        foreach (var command in new[] { _insert, _text, _current, _update, _count, _span, _seen })
            command.Dispose();
    }
}
