using System.Diagnostics;
using System.Globalization;
using Consult.Storage;
using HdrHistogram;
using Microsoft.Data.Sqlite;

namespace Consult.Load.Measurement;

/// <summary>
/// S9, the grain storage's table laid out two ways on the SQLite build the server ships
/// (<c>e_sqlite3</c>): the <c>WITHOUT ROWID</c> table it had until 2026-12-03 and the rowid table
/// of <see cref="SqliteGrainStorage.Schema"/>. For each of three table sizes and each layout, in
/// turn within each repetition: a fresh file seeded with that many states (sizes drawn evenly
/// from 0.5 to 12 KB, the same seed for both layouts), then --requests writes, each the storage's own
/// UPDATE of one random state (key and version) committed alone with <c>synchronous=FULL</c>, then
/// as many point reads (the storage's own SELECT). Per operation: wall time and this process's
/// processor time (user and system, so the commit's fsync counts).
/// </summary>
public sealed class StorageLayoutRun(LoadSettings settings, TextWriter log)
{
    public const string WithoutRowid = "WITHOUT ROWID (before)";
    public const string Rowid = "rowid (now)";

    private const int MinBytes = 512;
    private const int MaxBytes = 12 * 1024;

    public sealed record Figures(int Rows, string Layout, int Repetition, int Operations,
        double WriteP50Us, double WriteP99Us, double WriteCpuUs, double ReadP50Us, double ReadP99Us, double ReadCpuUs, long FileBytes);

    /// <summary>States in the table: a county's first weeks, a county's year, and --rooms (a province's month and more).</summary>
    public IReadOnlyList<int> Scales => [2_000, 20_000, settings.Rooms];

    public async Task<List<Figures>> Execute(CancellationToken cancellationToken)
    {
        var results = new List<Figures>();
        foreach (var rows in Scales)
        {
            for (var repetition = 1; repetition <= settings.Repetitions; repetition++)
            {
                foreach (var layout in new[] { WithoutRowid, Rowid })
                {
                    var figures = await Measure(rows, layout, repetition, cancellationToken);
                    log.WriteLine($"[S9 {rows:N0} states, {layout}, rep {repetition}] write p50 {figures.WriteP50Us:F0} µs, cpu {figures.WriteCpuUs:F0} µs; read p50 {figures.ReadP50Us:F0} µs, cpu {figures.ReadCpuUs:F0} µs");
                    results.Add(figures);
                }
            }
        }

        return results;
    }

    private async Task<Figures> Measure(int rows, string layout, int repetition, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "consult-s9-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "consult.db");
        try
        {
            var ids = Enumerable.Range(0, rows).Select(i => $"consultation/{new Guid(i, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7):N}").ToArray();
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            await connection.OpenAsync(cancellationToken);
            await Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;"
                + (layout == Rowid ? SqliteGrainStorage.Schema : SqliteGrainStorage.SchemaWithoutRowid));
            await Seed(connection, ids, cancellationToken);
            await Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA synchronous = FULL;");

            var random = new Random(rows + repetition);
            var data = new byte[MaxBytes];
            random.NextBytes(data);
            var versions = new long[rows];
            Array.Fill(versions, 1);

            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE grain_state SET etag = $next, data = $data, updated_at = $now WHERE grain_id = $id AND state_name = 'state' AND etag = $etag";
            var (id, blob, etag, next) = (update.Parameters.Add("$id", SqliteType.Text), update.Parameters.Add("$data", SqliteType.Blob),
                update.Parameters.Add("$etag", SqliteType.Integer), update.Parameters.Add("$next", SqliteType.Integer));
            update.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            var writes = new LongHistogram(TimeSpan.FromSeconds(10).Ticks, 3);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < settings.Requests; i++)
            {
                var row = random.Next(rows);
                var started = Stopwatch.GetTimestamp();
                using (var transaction = connection.BeginTransaction())
                {
                    update.Transaction = transaction;
                    (id.Value, blob.Value, etag.Value, next.Value) = (ids[row], data[..random.Next(MinBytes, MaxBytes)], versions[row], versions[row] + 1);
                    if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
                        throw new InvalidOperationException($"S9: the write of {ids[row]} at version {versions[row]} matched no row.");
                    transaction.Commit();
                }

                versions[row]++;
                writes.RecordValue(Stopwatch.GetElapsedTime(started).Ticks);
            }

            var writeCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / settings.Requests;

            using var select = connection.CreateCommand();
            select.CommandText = "SELECT etag, data FROM grain_state WHERE grain_id = $id AND state_name = 'state'";
            var key = select.Parameters.Add("$id", SqliteType.Text);
            var reads = new LongHistogram(TimeSpan.FromSeconds(10).Ticks, 3);
            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < settings.Requests; i++)
            {
                var row = random.Next(rows);
                var started = Stopwatch.GetTimestamp();
                key.Value = ids[row];
                using (var reader = await select.ExecuteReaderAsync(cancellationToken))
                {
                    if (!await reader.ReadAsync(cancellationToken) || reader.GetInt64(0) != versions[row])
                        throw new InvalidOperationException($"S9: {ids[row]} did not read back at version {versions[row]}.");
                    _ = (byte[])reader.GetValue(1);
                }

                reads.RecordValue(Stopwatch.GetElapsedTime(started).Ticks);
            }

            var readCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / settings.Requests;
            await Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
            return new Figures(rows, layout, repetition, settings.Requests,
                Micros(writes, 50), Micros(writes, 99), writeCpu, Micros(reads, 50), Micros(reads, 99), readCpu, new FileInfo(path).Length);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task Seed(SqliteConnection connection, string[] ids, CancellationToken cancellationToken)
    {
        var random = new Random(ids.Length);
        var data = new byte[MaxBytes];
        random.NextBytes(data);
        foreach (var chunk in ids.Chunk(1_000))
        {
            using var transaction = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO grain_state (grain_id, state_name, etag, data, updated_at) VALUES ($id, 'state', 1, $data, 'seeded')";
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var blob = insert.Parameters.Add("$data", SqliteType.Blob);
            foreach (var row in chunk)
            {
                (id.Value, blob.Value) = (row, data[..random.Next(MinBytes, MaxBytes)]);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static double Micros(LongHistogram histogram, double percentile) =>
        histogram.GetValueAtPercentile(percentile) * 1_000_000.0 / TimeSpan.TicksPerSecond;
}
