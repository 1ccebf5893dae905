using Microsoft.Data.Sqlite;

namespace Consult.Storage;

/// <summary>
/// Embedded mode's rows for a projection: read from the SQLite grain storage file on a read-only
/// connection of their own (WAL mode: a read never waits for the storage's writer). One node, so
/// every row stored is told in process and nothing is stored elsewhere.
/// </summary>
public sealed class SqliteStoredRows(string storagePath) : IStoredRows
{
    private SqliteConnection? _storage;

    private async Task<SqliteConnection> Storage(CancellationToken cancellationToken)
    {
        if (_storage is not null)
            return _storage;
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = storagePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        return _storage = connection;
    }

    public async Task<List<(string GrainId, string StateName, long ETag)>> All(string grainPrefix, string statePrefix, CancellationToken cancellationToken)
    {
        var rows = new List<(string, string, long)>();
        using var command = (await Storage(cancellationToken)).CreateCommand();
        // Only the key and the version: the rows' data is read for the changed ones alone.
        command.CommandText = "SELECT grain_id, state_name, etag FROM grain_state WHERE grain_id >= $first AND grain_id < $beyond";
        command.Parameters.AddWithValue("$first", grainPrefix);
        command.Parameters.AddWithValue("$beyond", grainPrefix[..^1] + (char)(grainPrefix[^1] + 1));
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var stateName = reader.GetString(1);
                if (stateName.StartsWith(statePrefix, StringComparison.Ordinal))
                    rows.Add((reader.GetString(0), stateName, reader.GetInt64(2)));
            }
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1 && e.Message.Contains("no such table", StringComparison.Ordinal))
        {
            // The storage has not written its first row yet.
        }

        return rows;
    }

    public async Task<long?> ETag(string grainId, string stateName, CancellationToken cancellationToken)
    {
        using var command = (await Storage(cancellationToken)).CreateCommand();
        command.CommandText = "SELECT etag FROM grain_state WHERE grain_id = $id AND state_name = $state";
        command.Parameters.AddWithValue("$id", grainId);
        command.Parameters.AddWithValue("$state", stateName);
        return await command.ExecuteScalarAsync(cancellationToken) as long?;
    }

    public async Task<(long ETag, byte[] Data)?> Data(string grainId, string stateName, CancellationToken cancellationToken)
    {
        using var command = (await Storage(cancellationToken)).CreateCommand();
        command.CommandText = "SELECT etag, data FROM grain_state WHERE grain_id = $id AND state_name = $state";
        command.Parameters.AddWithValue("$id", grainId);
        command.Parameters.AddWithValue("$state", stateName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || reader.IsDBNull(1))
            return null;
        return (reader.GetInt64(0), (byte[])reader.GetValue(1));
    }

    public void Stored(string grainId, string stateName)
    {
    }

    public Task<(bool LookOver, IReadOnlyCollection<(string GrainId, string StateName)> Rows)> StoredElsewhere(CancellationToken cancellationToken) =>
        Task.FromResult<(bool, IReadOnlyCollection<(string, string)>)>((false, []));

    public void Dispose() => _storage?.Dispose();
}
