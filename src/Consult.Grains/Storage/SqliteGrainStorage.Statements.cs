using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans.Storage;

namespace Consult.Storage;

/// <summary>The write loop's statements, on SQLite's own API.</summary>
public sealed partial class SqliteGrainStorage
{
    /// <summary>
    /// The write loop's two statements, compiled once and run with new values for every write
    /// (compiling the SQL again for every write showed up as SQLite's parser in the profile), on
    /// SQLite's own API (SQLitePCLRaw, under Microsoft.Data.Sqlite): the state's bytes are bound
    /// straight from their pooled buffer, where a parameter's value must be an array of exactly the
    /// blob's length, and no parameter binder or data reader is allocated per write (together
    /// about 15 % of what a decision allocated, profile of 2026-12-01).
    /// </summary>
    private sealed class WriteStatements : IDisposable
    {
        private readonly Statement _insert;
        private readonly Statement _update;

        public WriteStatements(SqliteConnection connection)
        {
            var db = connection.Handle ?? throw new InvalidOperationException("The write connection is not open.");
            _insert = new Statement(db, """
                INSERT INTO grain_state (grain_id, state_name, etag, data, updated_at) VALUES ($id, $state, 1, $data, $now)
                ON CONFLICT (grain_id, state_name) DO NOTHING
                """);
            _update = new Statement(db, """
                UPDATE grain_state SET etag = $next, data = $data, updated_at = $now
                WHERE grain_id = $id AND state_name = $state AND etag = $etag
                """);
        }

        /// <summary>Applies one write inside the open transaction; null if it landed, the refusal if its ETag is stale.</summary>
        public Exception? Apply(PendingWrite write, string now)
        {
            var statement = write.Expected is null ? _insert : _update;
            var changed = statement.Run(write, now);
            return changed == 1
                ? null
                : new InconsistentStateException(
                    $"Stale write of {write.StateName} for {write.GrainId}: the stored version is newer than {write.Expected?.ToString(CultureInfo.InvariantCulture) ?? "none"}.",
                    "unknown", write.Expected?.ToString(CultureInfo.InvariantCulture) ?? "none");
        }

        public void Dispose()
        {
            _insert.Dispose();
            _update.Dispose();
        }
    }

    /// <summary>One prepared statement of the write loop and its parameters' positions.</summary>
    private sealed class Statement : IDisposable
    {
        private readonly SQLitePCL.sqlite3 _db;
        private readonly SQLitePCL.sqlite3_stmt _statement;
        private readonly int _id;
        private readonly int _state;
        private readonly int _data;
        private readonly int _now;
        private readonly int _etag;
        private readonly int _next;

        public Statement(SQLitePCL.sqlite3 db, string sql)
        {
            _db = db;
            Check(SQLitePCL.raw.sqlite3_prepare_v2(db, sql, out _statement));
            _id = SQLitePCL.raw.sqlite3_bind_parameter_index(_statement, "$id");
            _state = SQLitePCL.raw.sqlite3_bind_parameter_index(_statement, "$state");
            _data = SQLitePCL.raw.sqlite3_bind_parameter_index(_statement, "$data");
            _now = SQLitePCL.raw.sqlite3_bind_parameter_index(_statement, "$now");
            _etag = SQLitePCL.raw.sqlite3_bind_parameter_index(_statement, "$etag");
            _next = SQLitePCL.raw.sqlite3_bind_parameter_index(_statement, "$next");
        }

        /// <summary>Runs the statement for <paramref name="write"/>; answers the rows it changed.</summary>
        public int Run(PendingWrite write, string now)
        {
            try
            {
                Check(SQLitePCL.raw.sqlite3_bind_text16(_statement, _id, write.GrainId));
                Check(SQLitePCL.raw.sqlite3_bind_text16(_statement, _state, write.StateName));
                Check(SQLitePCL.raw.sqlite3_bind_blob(_statement, _data, write.Data.WrittenSpan));
                Check(SQLitePCL.raw.sqlite3_bind_text16(_statement, _now, now));
                if (write.Expected is { } current)
                {
                    Check(SQLitePCL.raw.sqlite3_bind_int64(_statement, _etag, current));
                    Check(SQLitePCL.raw.sqlite3_bind_int64(_statement, _next, current + 1));
                }

                var done = SQLitePCL.raw.sqlite3_step(_statement);
                if (done != SQLitePCL.raw.SQLITE_DONE)
                    Check(done);
                return SQLitePCL.raw.sqlite3_changes(_db);
            }
            finally
            {
                SQLitePCL.raw.sqlite3_reset(_statement);
                SQLitePCL.raw.sqlite3_clear_bindings(_statement);
            }
        }

        private void Check(int result)
        {
            if (result != SQLitePCL.raw.SQLITE_OK)
                SqliteException.ThrowExceptionForRC(result, _db);
        }

        public void Dispose() => _statement.Dispose();
    }
}
