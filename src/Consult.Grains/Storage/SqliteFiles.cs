using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Consult.Storage;

/// <summary>How Consult opens its SQLite file, for the grain storage and the reminder table alike.</summary>
public static class SqliteFiles
{
    /// <summary>
    /// Opens (and creates, with its folder) <paramref name="databasePath"/> on a connection of its
    /// own, then runs <paramref name="setup"/> on it: the pragmas (<c>synchronous</c> is a property
    /// of the connection) and the schema.
    /// </summary>
    public static async Task<SqliteConnection> Open(string databasePath, string setup, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (!string.IsNullOrEmpty(folder))
            Directory.CreateDirectory(folder);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = setup;
        await command.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// Deletes a derived file (an index rebuilt from the storage rows) whose layout version
    /// (<c>PRAGMA user_version</c>) is not <paramref name="version"/>, with its WAL and shared memory.
    /// </summary>
    public static async Task DeleteIfOtherVersion(string path, int version, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
            return;
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            await connection.OpenAsync(cancellationToken);
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version";
            if (Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == version)
                return;
        }

        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            File.Delete(file);
    }
}
