using Consult.Cases;
using Microsoft.Data.Sqlite;

namespace Consult.Metrics.Index;

/// <summary>A case's line put into the metrics index, with prepared statements reused for every case of one transaction.</summary>
internal sealed class MetricCaseStatements : IDisposable
{
    private readonly SqliteCommand _delete;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _task;

    public MetricCaseStatements(SqliteTransaction transaction)
    {
        var connection = transaction.Connection!;
        _delete = Prepare(connection, transaction, "DELETE FROM metric_case WHERE case_id = $id", "$id");
        _insert = Prepare(connection, transaction, """
            INSERT INTO metric_case (case_id, grain_id, month, number, matter, status, registered_at, registered_offset, due,
                concluded_at, concluded_offset, statutory, open_due, supplements)
            VALUES ($id, $grain, $month, $number, $matter, $status, $registered, $registeredOffset, $due, $concluded, $concludedOffset, $statutory, $open, $supplements)
            """, "$id", "$grain", "$month", "$number", "$matter", "$status", "$registered", "$registeredOffset", "$due", "$concluded", "$concludedOffset",
            "$statutory", "$open", "$supplements");
        _task = Prepare(connection, transaction, "INSERT INTO metric_task VALUES ($id, $ordinal, $task, $month, $matter, $department, $due)",
            "$id", "$ordinal", "$task", "$month", "$matter", "$department", "$due");
    }

    /// <summary>
    /// The case's line (its last one deleted first when <paramref name="replace"/>: the triggers move
    /// the counts) and its open tasks; a withdrawn case's tasks are overdue for no one.
    /// </summary>
    public void Put(string grainId, int month, CaseRecord record, bool replace)
    {
        var id = record.CaseId.ToString();
        if (replace)
        {
            _delete.Parameters[0].Value = id;
            _delete.ExecuteNonQuery();
        }

        var statutory = record.Decided && record.StatutoryDue is { } due && record.ConcludedAt is not null ? (record.ConcludedOn <= due ? 1 : 2) : 0;
        var open = record.ConcludedAt is null && record.Status != CaseStatus.Withdrawn ? record.StatutoryDue?.DayNumber : null;
        Set(_insert, id, grainId, month, record.CaseNumber, record.MatterCode, (int)record.Status, record.RegisteredAt.UtcTicks,
            (int)record.RegisteredAt.Offset.TotalMinutes, record.StatutoryDue?.DayNumber, record.ConcludedAt?.UtcTicks,
            (int?)record.ConcludedAt?.Offset.TotalMinutes, statutory, open, record.Supplements);
        _insert.ExecuteNonQuery();

        if (record.Status == CaseStatus.Withdrawn || record.Tasks.IsDefaultOrEmpty)
            return;
        for (var i = 0; i < record.Tasks.Length; i++)
        {
            var t = record.Tasks[i];
            if (t.DoneAt is not null)
                continue;
            Set(_task, id, i, t.TaskId, month, record.MatterCode, t.Department, t.Due.DayNumber);
            _task.ExecuteNonQuery();
        }
    }

    private static void Set(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names)
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    public void Dispose()
    {
        _delete.Dispose();
        _insert.Dispose();
        _task.Dispose();
    }
}
