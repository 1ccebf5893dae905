using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Consult.Storage;

/// <summary>
/// Orleans' reminder table in Embedded mode: the table <c>reminders</c> in the same SQLite file as
/// the grain state, opened the same way (WAL, <c>synchronous=FULL</c>), so a reminder that was
/// registered is on disk and fires again after the process is killed. Each row keeps its grain's
/// uniform hash, so the reminder service reads its ring range with an index range query.
/// </summary>
/// <remarks>
/// Every change gives the row a new random ETag (not a counter): a row removed and registered again
/// never takes back an ETag that a stale <see cref="RemoveRow(GrainId, string, string)"/> still holds.
/// </remarks>
public sealed partial class SqliteReminderTable(string databasePath, ILogger<SqliteReminderTable> logger) : IReminderTable, IDisposable
{
    // Reminder changes are rare (a grain registers when it owes something and unregisters when it
    // owes nothing): one connection, one statement at a time.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqliteConnection? _connection;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is not null)
                return;
            // synchronous is a property of the connection: this one commits as durably as the grain storage's.
            var connection = await SqliteFiles.Open(databasePath, """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                PRAGMA busy_timeout = 5000;
                CREATE TABLE IF NOT EXISTS reminders (
                    grain_id   TEXT    NOT NULL,
                    name       TEXT    NOT NULL,
                    grain_hash INTEGER NOT NULL,
                    start_at   INTEGER NOT NULL,
                    period     INTEGER NOT NULL,
                    etag       TEXT    NOT NULL,
                    PRIMARY KEY (grain_id, name)
                ) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS reminders_by_hash ON reminders (grain_hash);
                """, cancellationToken);

            _connection = connection;
            LogStarted(logger, databasePath);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _connection?.Dispose();
            _connection = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        Query("WHERE grain_id = $id", command => command.Parameters.AddWithValue("$id", grainId.ToString()));

    /// <summary>The reminders of grains whose uniform hash is in (begin, end]; the range wraps past zero when begin ≥ end.</summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        Query(
            begin < end ? "WHERE grain_hash > $begin AND grain_hash <= $end" : "WHERE grain_hash > $begin OR grain_hash <= $end",
            command =>
            {
                command.Parameters.AddWithValue("$begin", (long)begin);
                command.Parameters.AddWithValue("$end", (long)end);
            });

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var rows = await Query("WHERE grain_id = $id AND name = $name", command =>
        {
            command.Parameters.AddWithValue("$id", grainId.ToString());
            command.Parameters.AddWithValue("$name", reminderName);
        });
        return rows.Reminders.FirstOrDefault();
    }

    /// <summary>
    /// Inserts or replaces the row and returns its new ETag. An entry that carries an ETag replaces
    /// only the row still at that ETag: for a stale (or missing) one nothing changes and the answer is null.
    /// </summary>
    public Task<string?> UpsertRow(ReminderEntry entry) => Locked<string?>(async connection =>
    {
        var etag = Guid.NewGuid().ToString("N");
        using var command = connection.CreateCommand();
        command.CommandText = string.IsNullOrEmpty(entry.ETag)
            ? """
              INSERT INTO reminders (grain_id, name, grain_hash, start_at, period, etag) VALUES ($id, $name, $hash, $start, $period, $etag)
              ON CONFLICT (grain_id, name) DO UPDATE SET grain_hash = $hash, start_at = $start, period = $period, etag = $etag
              """
            : """
              UPDATE reminders SET grain_hash = $hash, start_at = $start, period = $period, etag = $etag
              WHERE grain_id = $id AND name = $name AND etag = $expected
              """;
        command.Parameters.AddWithValue("$id", entry.GrainId.ToString());
        command.Parameters.AddWithValue("$name", entry.ReminderName);
        command.Parameters.AddWithValue("$hash", (long)entry.GrainId.GetUniformHashCode());
        command.Parameters.AddWithValue("$start", ToUtc(entry.StartAt).Ticks);
        command.Parameters.AddWithValue("$period", entry.Period.Ticks);
        command.Parameters.AddWithValue("$etag", etag);
        if (!string.IsNullOrEmpty(entry.ETag))
            command.Parameters.AddWithValue("$expected", entry.ETag);
        return await command.ExecuteNonQueryAsync() == 1 ? etag : null;
    });

    /// <summary>Removes the row if it is still at <paramref name="eTag"/>; false if it is missing or has changed since.</summary>
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => Locked(async connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM reminders WHERE grain_id = $id AND name = $name AND etag = $etag";
        command.Parameters.AddWithValue("$id", grainId.ToString());
        command.Parameters.AddWithValue("$name", reminderName);
        command.Parameters.AddWithValue("$etag", eTag ?? "");
        return await command.ExecuteNonQueryAsync() == 1;
    });

    public Task TestOnlyClearTable() => Locked(async connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM reminders";
        return await command.ExecuteNonQueryAsync();
    });

    public void Dispose()
    {
        _connection?.Dispose();
        _connection = null;
        _gate.Dispose();
    }

    private Task<ReminderTableData> Query(string where, Action<SqliteCommand> bind) => Locked(async connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_id, name, start_at, period, etag FROM reminders " + where;
        bind(command);
        var entries = new List<ReminderEntry>();
        using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(reader.GetInt64(3)),
                ETag = reader.GetString(4),
            });
        }

        return new ReminderTableData(entries);
    });

    private async Task<T> Locked<T>(Func<SqliteConnection, Task<T>> work)
    {
        await _gate.WaitAsync();
        try
        {
            var connection = _connection ?? throw new InvalidOperationException("The SQLite reminder table is not started.");
            return await work(connection);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static DateTime ToUtc(DateTime at) => at.Kind switch
    {
        DateTimeKind.Utc => at,
        DateTimeKind.Local => at.ToUniversalTime(),
        _ => DateTime.SpecifyKind(at, DateTimeKind.Utc),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminder table on SQLite file {Path} (WAL, synchronous=FULL)")]
    private static partial void LogStarted(ILogger logger, string path);
}
