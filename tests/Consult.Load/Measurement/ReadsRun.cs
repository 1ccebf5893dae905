using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Consult.Load.Baselines;

namespace Consult.Load.Measurement;

/// <summary>
/// S6, reads at volume: <see cref="ReadSeed"/> writes --rooms cases (default 1,000,000; 100,000 of
/// them today, the rest over the 29 days before) into a new storage file, the server starts on it,
/// the case index takes the file in, then each read is asked --requests times one after another
/// (page 1, a deep page, a number, a name of three characters and of two, the month's figures) and
/// its latencies, the server's heap after a forced GC and its RSS are reported.
/// </summary>
public sealed class ReadsRun(LoadSettings settings, TextWriter log)
{
    public const int TodayCases = 100_000;
    public const int SeededDays = 30;

    public sealed record Read(string Name, string Example, double P50, double P99, double Max, int Requests, int Errors);

    public sealed record Figures(bool Cluster, int Cases, int Today, TimeSpan SeedTime, long SeedBytes, TimeSpan IndexTime, long IndexBytes,
        TimeSpan MetricsIndexTime, long MetricsIndexBytes, long HeapBefore, long HeapAfter, long RssAfter, IReadOnlyList<Read> Reads)
    {
        /// <summary>Today's cases as CSV, read whole by the client (see <see cref="CsvExport"/>), or null when not measured.</summary>
        public CsvExport? Csv { get; init; }
    }

    /// <summary>
    /// The CSV of today's cases, fetched <see cref="Runs"/> times: lines and bytes of the file, the
    /// median and slowest time to its last byte, and the server's RSS before and at its highest while
    /// the files were written (sampled every 50 ms).
    /// </summary>
    public sealed record CsvExport(int Runs, long Lines, long Bytes, double MedianSeconds, double MaxSeconds, long RssBefore, long RssPeak);

    private async Task<CsvExport> MeasureCsv(ServerProcess server, HttpClient client, string path, CancellationToken cancellation)
    {
        const int runs = 3;
        var rssBefore = server.Rss();
        var peak = rssBefore;
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, server.Rss());
                try { await Task.Delay(50, sampling.Token); } catch (OperationCanceledException) { }
            }
        }, CancellationToken.None);
        var times = new List<double>();
        long lines = 0, bytes = 0;
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellation);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(cancellation);
            var buffer = new byte[81920];
            lines = 0;
            bytes = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellation)) > 0)
            {
                bytes += read;
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
            }

            times.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
            log.WriteLine($"[S6] today's CSV: {lines:N0} lines, {bytes / 1048576.0:F1} MB in {times[^1]:F2} s");
        }

        await sampling.CancelAsync();
        await sampler;
        times.Sort();
        return new CsvExport(runs, lines, bytes, times[runs / 2], times[^1], rssBefore, peak);
    }

    public async Task<Figures> Execute(CancellationToken cancellation)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var days = ReadSeed.Days(today, settings.Rooms, Math.Min(TodayCases, settings.Rooms), SeededDays);
        var data = Path.Combine(Path.GetTempPath(), $"consult-reads-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        var database = Path.Combine(data, "consult.db");
        await using var redis = settings.Cluster ? await RedisServer.Start(cancellation) : null;
        log.WriteLine($"[S6] seeding {settings.Rooms:N0} cases into {(redis is null ? database : $"redis-server at {redis.Endpoint}")}");
        var clock = Stopwatch.StartNew();
        if (redis is null)
            await ReadSeed.Write(database, days, now, zone, log);
        else
            await ReadSeed.WriteRedis(redis.Endpoint, "consult", days, now, zone, log);
        var seedTime = clock.Elapsed;
        var seedBytes = redis is null ? new FileInfo(database).Length : await redis.UsedMemory();

        log.WriteLine(redis is null ? "[S6] starting the server on the seeded file" : "[S6] starting the server in Cluster mode on the seeded Redis");
        var cluster = redis is null ? null : new Dictionary<string, string>
        {
            ["Consult:Mode"] = "Cluster",
            ["ConnectionStrings:Redis"] = redis.Endpoint,
            ["Consult:Materials:Path"] = Path.Combine(data, "materials"),
        };
        await using var server = await ServerProcess.StartConsult(settings.ServerDll, RoomSetup.Password, memoryStorage: false, settings.ServerGc, data, cluster);
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(600) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await RoomSetup.SignIn(http, "window", cancellation));
        using var manager = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(600) };
        manager.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await RoomSetup.SignIn(manager, "manager", cancellation));

        // The index takes the file in at start (and before a listing): this listing waits for it.
        clock.Restart();
        (await http.GetAsync("/api/v1/cases?pageSize=1", cancellation)).EnsureSuccessStatusCode();
        var indexTime = clock.Elapsed;
        var indexBytes = new FileInfo(Path.Combine(data, "case-index.db")).Length + Size(Path.Combine(data, "case-index.db-wal"));
        log.WriteLine($"[S6] index caught up in {indexTime.TotalSeconds:F1} s");

        // The metrics index takes the buckets in at start (and before the figures): these figures wait for it.
        var now0 = Uri.EscapeDataString(now.AddDays(-1).ToString("O", CultureInfo.InvariantCulture));
        clock.Restart();
        // A grain call waits 30 s at most: while the index is still taking a million cases in, the figures answer 503 and are asked again.
        var first = $"/api/v1/metrics/decisions?from={now0}&to={Uri.EscapeDataString(now.ToString("O", CultureInfo.InvariantCulture))}";
        for (var attempt = 1; ; attempt++)
        {
            using var response = await manager.GetAsync(first, cancellation);
            if (response.IsSuccessStatusCode)
                break;
            if (response.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable || attempt >= 20)
                response.EnsureSuccessStatusCode();
            log.WriteLine($"[S6] figures answered {(int)response.StatusCode} after {clock.Elapsed.TotalSeconds:F0} s: the metrics index is still catching up");
        }

        var metricsIndexTime = clock.Elapsed;
        var metricsIndexBytes = Size(Path.Combine(data, "metrics-index.db")) + Size(Path.Combine(data, "metrics-index.db-wal"));
        log.WriteLine($"[S6] metrics index caught up in {metricsIndexTime.TotalSeconds:F1} s");
        var heapBefore = await server.Heap(cancellation);

        var random = new Random(6);
        string Number()
        {
            var (day, count) = days[random.Next(days.Count)];
            return $"CS-{day:yyyyMMdd}-{random.Next(1, count + 1):D4}";
        }

        string NameOf(int length)
        {
            while (true)
            {
                var name = ReadSeed.Name(random.Next(settings.Rooms));
                if (name.Length == length)
                    return name;
            }
        }

        // The 30 days before now: every seeded case, whatever day of the calendar month the run falls on
        // (a calendar month taken on its first day would hold only today's cases).
        var monthStart = now.AddDays(-30);
        var month = $"from={Uri.EscapeDataString(monthStart.ToString("O", CultureInfo.InvariantCulture))}";
        (string Name, Func<string> Path)[] reads =
        [
            ("page 1 (20 cases, 30 days)", () => "/api/v1/cases?page=1&pageSize=20"),
            ("page 500 (20 cases, offset 9,980)", () => "/api/v1/cases?page=500&pageSize=20"),
            ("status filter, page 1", () => "/api/v1/cases?status=consulting&page=1&pageSize=20"),
            ("search by case number", () => $"/api/v1/cases?q={Number()}"),
            ("search by name, 3 characters", () => $"/api/v1/cases?q={Uri.EscapeDataString(NameOf(3))}"),
            ("search by name, 2 characters", () => $"/api/v1/cases?q={Uri.EscapeDataString(NameOf(2))}"),
            ("month figures, cached answer", () => $"/api/v1/metrics/decisions?{month}&to={Uri.EscapeDataString(monthStart.AddDays(30).ToString("O", CultureInfo.InvariantCulture))}"),
            ("month figures, computed (a new period each time)", () => $"/api/v1/metrics/decisions?{month}&to={Uri.EscapeDataString(monthStart.AddDays(30).AddSeconds(-random.Next(1, 1_000_000)).ToString("O", CultureInfo.InvariantCulture))}"),
            ("figure drill-down: one matter's supplements, one day (a new day each time)", () =>
                $"/api/v1/metrics/cases?figure=supplements&matter=highway-crossing&{Day(now.AddDays(-random.Next(1, SeededDays - 1)))}"),
        ];

        static string Day(DateTimeOffset at)
        {
            var start = new DateTimeOffset(at.Year, at.Month, at.Day, 0, 0, 0, TimeSpan.Zero);
            return $"from={Uri.EscapeDataString(start.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(start.AddDays(1).ToString("O", CultureInfo.InvariantCulture))}";
        }

        var results = new List<Read>();
        foreach (var (name, path) in reads)
        {
            var client = path().StartsWith("/api/v1/metrics", StringComparison.Ordinal) ? manager : http;
            var example = path();
            var latencies = new List<double>();
            var errors = 0;
            // Warm-up: the first requests of a kind compile their paths.
            for (var i = 0; i < 2; i++)
                (await client.GetAsync(path(), cancellation)).Dispose();
            for (var i = 0; i < settings.Requests; i++)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(path(), cancellation);
                await response.Content.ReadAsByteArrayAsync(cancellation);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                    errors++;
            }

            latencies.Sort();
            var read = new Read(name, example, Percentile(latencies, 0.5), Percentile(latencies, 0.99), latencies[^1], latencies.Count, errors);
            log.WriteLine($"[S6] {name}: p50 {read.P50:F1} ms, p99 {read.P99:F1} ms, max {read.Max:F1} ms, errors {errors}");
            results.Add(read);
        }

        var local = TimeZoneInfo.ConvertTime(now, zone);
        var todayStart = new DateTimeOffset(local.Date, local.Offset);
        var csv = await MeasureCsv(server, http,
            $"/api/v1/cases.csv?from={Uri.EscapeDataString(todayStart.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(now.ToString("O", CultureInfo.InvariantCulture))}",
            cancellation);

        var heapAfter = await server.Heap(cancellation);
        return new Figures(settings.Cluster, settings.Rooms, days[0].Cases, seedTime, seedBytes, indexTime, indexBytes, metricsIndexTime, metricsIndexBytes, heapBefore, heapAfter, server.Rss(), results)
        {
            Csv = csv,
        };
    }

    private static long Size(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

/// <summary>S6's report.</summary>
public static class ReadsReport
{
    public static string Write(string command, ReadsRun.Figures f, DateTimeOffset startedAt, TimeSpan elapsed)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## S6 reads at volume ({startedAt:yyyy-MM-dd HH:mm} UTC, {elapsed.TotalMinutes:F1} min)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"`{command}` on {Environment.ProcessorCount} cores");
        text.AppendLine();
        var storage = f.Cluster
            ? $"Cluster mode: Redis used_memory {f.SeedBytes / 1048576.0:F0} MB, the server's indexes in its data folder; "
            : $"storage file {f.SeedBytes / 1048576.0:F0} MB; ";
        text.AppendLine(CultureInfo.InvariantCulture, $"{f.Cases:N0} cases ({f.Today:N0} today) seeded in {f.SeedTime.TotalSeconds:F0} s, {storage}"
            + $"index taken in by the server in {f.IndexTime.TotalSeconds:F0} s, index file {f.IndexBytes / 1048576.0:F0} MB; "
            + $"metrics index taken in {f.MetricsIndexTime.TotalSeconds:F0} s after that, its file {f.MetricsIndexBytes / 1048576.0:F0} MB; "
            + $"heap after a forced GC {f.HeapBefore / 1048576.0:F0} MB before the reads, {f.HeapAfter / 1048576.0:F0} MB after; RSS {f.RssAfter / 1048576.0:F0} MB.");
        text.AppendLine();
        text.AppendLine("| read | requests | p50 ms | p99 ms | max ms | errors | example |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var r in f.Reads)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Requests} | {r.P50:F1} | {r.P99:F1} | {r.Max:F1} | {r.Errors} | `{r.Example}` |");
        if (f.Csv is { } csv)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"Today's cases as CSV (`/api/v1/cases.csv`, the window officer, {csv.Runs} times): {csv.Lines:N0} lines (the header included), {csv.Bytes / 1048576.0:F1} MB, " +
                $"median {csv.MedianSeconds:F2} s to the last byte (slowest {csv.MaxSeconds:F2} s); server RSS {csv.RssBefore / 1048576.0:F0} MB before, at most {csv.RssPeak / 1048576.0:F0} MB while the files were written.");
        }

        return text.ToString();
    }
}
