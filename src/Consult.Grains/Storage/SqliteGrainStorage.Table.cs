using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Consult.Storage;

/// <summary>The storage's one table: its layout, and the move of an older file's table into it.</summary>
public sealed partial class SqliteGrainStorage
{
    /// <summary>
    /// The one table, as every writer of this file creates it (the load tool's bulk seed too). A rowid
    /// table: its key (grain and state name) is a small index of its own, and a row is found through
    /// it. It was a <c>WITHOUT ROWID</c> table until 2026-12-03, whose rows are the key's own
    /// B-tree cells: a cell over about 1 KB spills to overflow pages, and SQLite reads a spilled cell
    /// whole for every comparison of a key lookup (about a dozen per lookup), so every write and read of
    /// a room's state read several other states' overflow pages first (docs/benchmarks.md, "The
    /// storage's table as a rowid table"). SQLite's own advice: a <c>WITHOUT ROWID</c> row should stay
    /// under a twentieth of a page. <see cref="Migrate"/> turns an older file's table into this one.
    /// </summary>
    public const string Schema = "CREATE TABLE IF NOT EXISTS grain_state (" + Columns + ");";

    /// <summary>
    /// The table as files written before 2026-12-03 hold it (<c>WITHOUT ROWID</c>): what
    /// <see cref="Migrate"/> moves from, and what the load tool's S9 and the tests build to compare and migrate.
    /// </summary>
    public const string SchemaWithoutRowid = "CREATE TABLE IF NOT EXISTS grain_state (" + Columns + ") WITHOUT ROWID;";

    /// <summary>The table's columns and key, the same in both layouts.</summary>
    private const string Columns = """

            grain_id   TEXT    NOT NULL,
            state_name TEXT    NOT NULL,
            etag       INTEGER NOT NULL,
            data       BLOB    NOT NULL,
            updated_at TEXT    NOT NULL,
            PRIMARY KEY (grain_id, state_name)

        """;

    /// <summary>
    /// Copies the rows of a table made before 2026-12-03 (<c>WITHOUT ROWID</c>) into the rowid table
    /// of <see cref="Schema"/>, in one transaction on the writer's connection (<c>synchronous=FULL</c>):
    /// a cut leaves the old table or the new one, never a part. Runs once per file, before the
    /// storage takes writes: 12.7 s for 100,000 states of 0.5–12 KB (812 MB) on the benchmark machine.
    /// Returns the rows copied (0: nothing to do). The old table's pages become free pages of the
    /// file (it does not shrink), used again by later writes.
    /// </summary>
    internal static async Task<long> Migrate(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using (var look = connection.CreateCommand())
        {
            look.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'grain_state'";
            if (await look.ExecuteScalarAsync(cancellationToken) is not string sql
                || !sql.Contains("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase))
                return 0;
        }

        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "ALTER TABLE grain_state RENAME TO grain_state_without_rowid;" + Schema + """
            INSERT INTO grain_state (grain_id, state_name, etag, data, updated_at)
                SELECT grain_id, state_name, etag, data, updated_at FROM grain_state_without_rowid;
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
        command.CommandText = "SELECT count(*) FROM grain_state";
        var rows = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        command.CommandText = "DROP TABLE grain_state_without_rowid";
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // The move went through the log as one transaction (as large as the table): copy it into the
        // file now and cut the log back, or it would keep that size on the disk (SQLite reuses a log, never shrinks it).
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await checkpoint.ExecuteNonQueryAsync(cancellationToken);
        return rows;
    }
}
