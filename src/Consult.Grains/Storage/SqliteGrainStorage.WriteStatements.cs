using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans.Storage;
using SQLitePCL;

namespace Consult.Storage;

public sealed partial class SqliteGrainStorage
{
    /// <summary>
    /// The write loop's statements (the transaction's three and the two writes), compiled once on
    /// the writer's connection and run through SQLite's own API: values are bound from spans (the
    /// state's bytes from their pooled buffer, the keys as UTF-16), with nothing allocated per
    /// write or per commit.
    /// </summary>
    /// <remarks>
    /// Through <see cref="SqliteCommand"/> every execution made its parameter binders, a data
    /// reader and its statement enumerators, and every transaction a <c>SqliteTransaction</c>, a
    /// <c>COMMIT</c> command and a rollback hook's handle (a finalizable object the connection kept
    /// until the next transaction, so each one survived a young collection): about 6 % of a busy
    /// node's allocation and 5 % of what survived its first collection (S2, 2,500 connections).
    /// Only the write loop uses these, on its own thread, holding the storage's gate.
    /// </remarks>
    private sealed class WriteStatements : IDisposable
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _begin;
        private readonly sqlite3_stmt _commit;
        private readonly sqlite3_stmt _rollback;
        private readonly sqlite3_stmt _insert;
        private readonly sqlite3_stmt _update;

        public WriteStatements(SqliteConnection connection)
        {
            _db = connection.Handle ?? throw new InvalidOperationException("The writer's connection is not open.");
            _begin = Prepare("BEGIN");
            _commit = Prepare("COMMIT");
            _rollback = Prepare("ROLLBACK");
            // ?1 grain id, ?2 state name, ?3 data, ?4 now; the update also ?5 the expected version, ?6 the next.
            _insert = Prepare("""
                INSERT INTO grain_state (grain_id, state_name, etag, data, updated_at) VALUES (?1, ?2, 1, ?3, ?4)
                ON CONFLICT (grain_id, state_name) DO NOTHING
                """);
            _update = Prepare("""
                UPDATE grain_state SET etag = ?6, data = ?3, updated_at = ?4
                WHERE grain_id = ?1 AND state_name = ?2 AND etag = ?5
                """);
        }

        public void Begin() => Step(_begin);

        public void Commit() => Step(_commit);

        /// <summary>Ends a transaction a failure left open (SQLite may have ended it already).</summary>
        public void RollBack()
        {
            if (raw.sqlite3_get_autocommit(_db) == 0)
                Step(_rollback);
        }

        /// <summary>Applies one write inside the open transaction; null if it landed, the refusal if its ETag is stale.</summary>
        public Exception? Apply(PendingWrite write, string now)
        {
            var statement = write.Expected is null ? _insert : _update;
            try
            {
                Check(raw.sqlite3_bind_text16(statement, 1, write.GrainId.AsSpan()));
                Check(raw.sqlite3_bind_text16(statement, 2, write.StateName.AsSpan()));
                Check(raw.sqlite3_bind_blob(statement, 3, write.Data));
                Check(raw.sqlite3_bind_text16(statement, 4, now.AsSpan()));
                if (write.Expected is { } current)
                {
                    Check(raw.sqlite3_bind_int64(statement, 5, current));
                    Check(raw.sqlite3_bind_int64(statement, 6, current + 1));
                }

                Step(statement);
            }
            finally
            {
                // SQLite copied the bytes when they were bound; its copy is freed now, not at the next write.
                raw.sqlite3_clear_bindings(statement);
            }

            if (raw.sqlite3_changes(_db) == 1)
                return null;
            var expected = write.Expected?.ToString(CultureInfo.InvariantCulture) ?? "none";
            return new InconsistentStateException(
                $"Stale write of {write.StateName} for {write.GrainId}: the stored version is newer than {expected}.", "unknown", expected);
        }

        private sqlite3_stmt Prepare(string sql)
        {
            Check(raw.sqlite3_prepare_v2(_db, sql, out var statement));
            return statement;
        }

        private void Step(sqlite3_stmt statement)
        {
            var result = raw.sqlite3_step(statement);
            // Reset at once: a statement left active would hold its read of the table (and, for COMMIT, its result).
            raw.sqlite3_reset(statement);
            if (result != raw.SQLITE_DONE)
                SqliteException.ThrowExceptionForRC(result, _db);
        }

        private void Check(int result)
        {
            if (result != raw.SQLITE_OK)
                SqliteException.ThrowExceptionForRC(result, _db);
        }

        public void Dispose()
        {
            foreach (var statement in (ReadOnlySpan<sqlite3_stmt>)[_begin, _commit, _rollback, _insert, _update])
                statement.Dispose();
        }
    }
}
