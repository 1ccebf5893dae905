namespace Consult.Storage;

public sealed class SqliteGrainStorageOptions
{
    /// <summary>The SQLite database file; its folder is created when missing.</summary>
    public string DatabasePath { get; set; } = "";
}
