using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Consult.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;

namespace Consult.Cases.Index;

/// <summary>
/// The case index: a SQLite file of this node's own (beside the grain storage's in Embedded mode,
/// in the data folder in Cluster mode), one row per listing line (ordered by registration instant,
/// with status and matter) and an FTS5 trigram table of the applicants' names. It is a projection
/// of the day grains' stored pages (<see cref="IStoredRows"/>), never written by them: before
/// answering it takes in the rows stored since it last looked (told by the day grains, of this node
/// or, through Redis, of the others) and reads each one's version to skip what it already holds.
/// Being derived, it may be deleted at any time: it is rebuilt from the storage.
/// </summary>
/// <remarks>
/// A file of its own so that the index's writes never take the storage file's one write lock (the
/// decisions' group commit holds it), and with <c>synchronous=NORMAL</c>: a power cut can lose
/// its last transactions, which the next catch-up takes in again from the storage rows.
/// </remarks>
public sealed partial class SqliteCaseIndex(IStoredRows rows, string indexPath, Serializer serializer, ILogger<SqliteCaseIndex> logger)
    : ICaseIndex, ICaseDayChanges, IDisposable
{
    private const string Columns = "l.case_id, l.number, l.matter, l.applicant, l.status, l.created_at, l.created_offset, l.officer, l.pending";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqliteConnection? _writer;

    /// <summary>The index's layout; an index file of another version is dropped and taken in again from the storage.</summary>
    private const int Version = 2;

    /// <summary>How much of the index file a reading connection maps into memory (the OS shares the pages between connections).</summary>
    private const string MemoryMap = "PRAGMA mmap_size = 1073741824";

    public async Task<CaseIndexAnswer> Query(CaseQuery query, int skip, int take, CancellationToken cancellationToken = default)
    {
        try
        {
            await CatchUp(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && _lookedOver)
        {
            // The storage cannot be read now (Redis away): a listing from what the index holds,
            // which may miss the last minutes' changes, rather than none.
            LogStale(logger, e);
        }

        await using var connection = new SqliteConnection(ReadOnly(indexPath));
        await connection.OpenAsync(cancellationToken);
        using (var map = connection.CreateCommand())
        {
            // Pages read through a memory map rather than a read() each into the connection's own
            // small cache: a name search looks up a line per candidate, scattered over the file.
            map.CommandText = MemoryMap;
            await map.ExecuteNonQueryAsync(cancellationToken);
        }

        var (count, lines) = string.IsNullOrEmpty(query.Search)
            ? await ByDays(connection, query, skip, take, cancellationToken)
            : await BySearch(connection, query, skip, take, cancellationToken);

        using var pending = connection.CreateCommand();
        pending.CommandText = $"SELECT {Columns} FROM case_line l INDEXED BY case_line_pending WHERE l.pending = 1 AND l.created_at >= $from AND l.created_at <= $to";
        pending.Parameters.AddWithValue("$from", query.From.UtcTicks);
        pending.Parameters.AddWithValue("$to", query.To.UtcTicks);
        return new CaseIndexAnswer(count, lines, await Read(pending, cancellationToken));
    }

    /// <summary>A text search: its candidates come from the name trigrams or the number index, a handful however many cases there are.</summary>
    private static async Task<(int Count, ImmutableArray<CaseSummary> Lines)> BySearch(SqliteConnection connection, CaseQuery query, int skip, int take, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        var where = Where(query, command);
        if (take > 0)
        {
            // One pass over the candidates: the page, each row carrying how many matched in all (a
            // count first, then the page, looked every candidate up twice).
            command.CommandText = $"SELECT {Columns}, COUNT(*) OVER () FROM case_line l WHERE {where} ORDER BY l.created_at DESC, l.id LIMIT $take OFFSET $skip";
            command.Parameters.AddWithValue("$take", take);
            command.Parameters.AddWithValue("$skip", Math.Max(skip, 0));
            var total = 0;
            var page = await Read(command, cancellationToken, reader => total = reader.GetInt32(reader.FieldCount - 1));
            if (!page.IsEmpty)
                return (total, page);
        }

        // Nothing asked, or the page lies past the last match: only the count.
        command.CommandText = $"SELECT COUNT(*) FROM case_line l WHERE {where}";
        return (Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture), []);
    }

    /// <summary>The conditions of <paramref name="query"/> on the line <c>l</c>, with their parameters added to <paramref name="command"/>.</summary>
    private static string Where(CaseQuery query, SqliteCommand command)
    {
        var where = new StringBuilder("l.created_at >= $from AND l.created_at <= $to AND l.pending = 0");
        command.Parameters.AddWithValue("$from", query.From.UtcTicks);
        command.Parameters.AddWithValue("$to", query.To.UtcTicks);
        where.Append(Filters(query, command));

        if (string.IsNullOrEmpty(query.Search))
            return where.ToString();
        var text = query.Search;
        var (names, numberPrefix) = CaseTextSearch.Plan(text);
        if (names == CaseTextSearch.Kind.Scan)
        {
            // LIKE ignores the case of ASCII letters only; the names it scans for here are a character long or look like part of a number.
            where.Append(" AND (l.number LIKE $like ESCAPE '\\' OR l.applicant LIKE $like ESCAPE '\\')");
            command.Parameters.AddWithValue("$like", "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%");
            return where.ToString();
        }

        var match = names == CaseTextSearch.Kind.Trigrams
            ? CaseTextSearch.Phrase("applicant", text)
            : CaseTextSearch.Phrase("pairs", text + CaseTextSearch.PairEnd);
        command.Parameters.AddWithValue("$match", match);
        if (numberPrefix is null)
        {
            where.Append(" AND l.id IN (SELECT rowid FROM case_text WHERE case_text MATCH $match)");
        }
        else
        {
            // Every number starts with CS-: such a text is found only at the start of one.
            where.Append(" AND l.id IN (SELECT rowid FROM case_text WHERE case_text MATCH $match UNION SELECT id FROM case_line WHERE number >= $prefix AND number < $beyond)");
            command.Parameters.AddWithValue("$prefix", numberPrefix);
            command.Parameters.AddWithValue("$beyond", numberPrefix + "~");
        }

        return where.ToString();
    }

    private static async Task<ImmutableArray<CaseSummary>> Read(SqliteCommand command, CancellationToken cancellationToken, Action<SqliteDataReader>? extra = null)
    {
        var lines = ImmutableArray.CreateBuilder<CaseSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            extra?.Invoke(reader);
            var offset = TimeSpan.FromMinutes(reader.GetInt32(6));
            lines.Add(new CaseSummary(
                Guid.Parse(reader.GetString(0)),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                (CaseStatus)reader.GetInt32(4),
                new DateTimeOffset(reader.GetInt64(5) + offset.Ticks, offset),
                reader.GetString(7),
                reader.GetInt32(8) != 0));
        }

        return lines.ToImmutable();
    }

    private static string DayKey(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string ReadOnly(string path, bool pooling = true) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = pooling }.ToString();

    /// <summary>Opens the index file (creating its tables) on first use.</summary>
    private async Task Open(CancellationToken cancellationToken)
    {
        if (_writer is not null)
            return;
        await SqliteFiles.DeleteIfOtherVersion(indexPath, Version, cancellationToken);
        _writer = await SqliteFiles.Open(indexPath, $$"""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            PRAGMA busy_timeout = 5000;
            CREATE TABLE IF NOT EXISTS case_line (
                id             INTEGER PRIMARY KEY,
                day            TEXT    NOT NULL,
                case_id        TEXT    NOT NULL,
                number         TEXT    NOT NULL,
                matter         TEXT    NOT NULL,
                applicant      TEXT    NOT NULL,
                status         INTEGER NOT NULL,
                created_at     INTEGER NOT NULL,
                created_offset INTEGER NOT NULL,
                officer        TEXT    NOT NULL,
                pending        INTEGER NOT NULL
            );
            CREATE INDEX IF NOT EXISTS case_line_day ON case_line (day, created_at DESC, id, pending, status, matter);
            CREATE INDEX IF NOT EXISTS case_line_number ON case_line (number);
            CREATE INDEX IF NOT EXISTS case_line_pending ON case_line (created_at) WHERE pending = 1;
            CREATE VIRTUAL TABLE IF NOT EXISTS case_text USING fts5 (applicant, pairs, tokenize = 'trigram');
            CREATE TABLE IF NOT EXISTS day_count (
                day     TEXT    NOT NULL,
                status  INTEGER NOT NULL,
                matter  TEXT    NOT NULL,
                pending INTEGER NOT NULL,
                n       INTEGER NOT NULL,
                PRIMARY KEY (day, status, matter, pending)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS day_span (
                day      TEXT    PRIMARY KEY,
                first_at INTEGER NOT NULL,
                last_at  INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS indexed_row (
                grain_id   TEXT    NOT NULL,
                state_name TEXT    NOT NULL,
                etag       INTEGER NOT NULL,
                PRIMARY KEY (grain_id, state_name)
            ) WITHOUT ROWID;
            PRAGMA user_version = {{Version}};
            """, cancellationToken);
        await LoadSeen(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The case index could not take in the storage's latest rows; the listing answers from what it holds")]
    private static partial void LogStale(ILogger logger, Exception exception);

    public void Dispose()
    {
        _writer?.Dispose();
        rows.Dispose();
        _gate.Dispose();
    }
}
