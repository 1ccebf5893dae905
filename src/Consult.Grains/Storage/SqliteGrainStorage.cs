using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Consult.Storage;

/// <summary>
/// Grain state in one SQLite file: WAL with <c>synchronous=FULL</c>, so a write that returned is on
/// disk and survives the process being killed; an integer ETag per row, so a stale write fails with
/// <see cref="InconsistentStateException"/> instead of overwriting a newer state.
/// </summary>
public sealed partial class SqliteGrainStorage(
    string name,
    SqliteGrainStorageOptions options,
    Serializer serializer,
    ILogger<SqliteGrainStorage> logger) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    // One connection, one statement at a time: SQLite has a single writer anyway, and keeping the
    // connection open keeps the WAL and the prepared statements warm.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqliteConnection? _connection;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(OptionFormattingUtilities.Name<SqliteGrainStorage>(name), ServiceLifecycleStage.ApplicationServices, Init, Close);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await _gate.WaitAsync();
        try
        {
            using var command = Connection.CreateCommand();
            command.CommandText = "SELECT etag, data FROM grain_state WHERE grain_id = $id AND state_name = $state";
            command.Parameters.AddWithValue("$id", grainId.ToString());
            command.Parameters.AddWithValue("$state", stateName);
            using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                // A reload after a failed first write must forget the unsaved change.
                grainState.State = Activator.CreateInstance<T>();
                grainState.RecordExists = false;
                grainState.ETag = null;
                return;
            }

            var etag = reader.GetInt64(0);
            var data = (byte[])reader.GetValue(1);
            grainState.State = serializer.Deserialize<T>(data);
            grainState.ETag = etag.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var data = serializer.SerializeToArray(grainState.State);
        await _gate.WaitAsync();
        try
        {
            using var command = Connection.CreateCommand();
            command.Parameters.AddWithValue("$id", grainId.ToString());
            command.Parameters.AddWithValue("$state", stateName);
            command.Parameters.AddWithValue("$data", data);
            command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            long next;
            if (grainState.ETag is null)
            {
                next = 1;
                command.CommandText = """
                    INSERT INTO grain_state (grain_id, state_name, etag, data, updated_at) VALUES ($id, $state, 1, $data, $now)
                    ON CONFLICT (grain_id, state_name) DO NOTHING
                    """;
            }
            else
            {
                var current = long.Parse(grainState.ETag, CultureInfo.InvariantCulture);
                next = current + 1;
                command.CommandText = """
                    UPDATE grain_state SET etag = $next, data = $data, updated_at = $now
                    WHERE grain_id = $id AND state_name = $state AND etag = $etag
                    """;
                command.Parameters.AddWithValue("$etag", current);
                command.Parameters.AddWithValue("$next", next);
            }

            if (await command.ExecuteNonQueryAsync() != 1)
            {
                LogStaleWrite(logger, grainId, stateName, grainState.ETag);
                throw new InconsistentStateException(
                    $"Stale write of {stateName} for {grainId}: the stored version is newer than {grainState.ETag ?? "none"}.",
                    "unknown", grainState.ETag ?? "none");
            }

            grainState.ETag = next.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await _gate.WaitAsync();
        try
        {
            using var command = Connection.CreateCommand();
            command.CommandText = "DELETE FROM grain_state WHERE grain_id = $id AND state_name = $state AND ($etag IS NULL OR etag = $etag)";
            command.Parameters.AddWithValue("$id", grainId.ToString());
            command.Parameters.AddWithValue("$state", stateName);
            command.Parameters.AddWithValue("$etag", grainState.ETag is null ? DBNull.Value : long.Parse(grainState.ETag, CultureInfo.InvariantCulture));
            await command.ExecuteNonQueryAsync();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _connection?.Dispose();
        _gate.Dispose();
    }

    private SqliteConnection Connection =>
        _connection ?? throw new InvalidOperationException($"Grain storage '{name}' is not started.");

    internal async Task Init(CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(options.DatabasePath));
        if (!string.IsNullOrEmpty(folder))
            Directory.CreateDirectory(folder);

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync(cancellationToken);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                PRAGMA busy_timeout = 5000;
                CREATE TABLE IF NOT EXISTS grain_state (
                    grain_id   TEXT    NOT NULL,
                    state_name TEXT    NOT NULL,
                    etag       INTEGER NOT NULL,
                    data       BLOB    NOT NULL,
                    updated_at TEXT    NOT NULL,
                    PRIMARY KEY (grain_id, state_name)
                ) WITHOUT ROWID;
                """;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        _connection = connection;
        LogStarted(logger, name, options.DatabasePath);
    }

    private Task Close(CancellationToken cancellationToken)
    {
        _connection?.Dispose();
        _connection = null;
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Grain storage {Name} on SQLite file {Path} (WAL, synchronous=FULL)")]
    private static partial void LogStarted(ILogger logger, string name, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a stale write of {StateName} for {GrainId} at ETag {ETag}")]
    private static partial void LogStaleWrite(ILogger logger, GrainId grainId, string stateName, string? etag);
}
