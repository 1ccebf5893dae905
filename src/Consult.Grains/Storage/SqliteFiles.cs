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
}
