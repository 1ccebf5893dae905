using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Consult.Hosting;
using Consult.Metrics;
using Consult.Rooms;
using Consult.Storage;
using HdrHistogram;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Consult.Load.Measurement;

/// <summary>
/// S8, what a report costs a metrics bucket as its month fills: one in-process silo on a SQLite
/// file, buckets seeded straight into the storage with N rooms each (a room, four decisions and its
/// case's line), laid out either whole in the bucket's own row (as every bucket was before the
/// pages, and as a bucket from before them still keeps what it held) or in the bucket's pages; then
/// --requests decisions, one after the other, each on a random room of the bucket. Both layouts at
/// each scale in one run, on the same file.
/// </summary>
public sealed class BucketWritesRun(LoadSettings settings, TextWriter log)
{
    private static readonly DateTimeOffset FirstMonth = new(2020, 1, 15, 2, 0, 0, TimeSpan.Zero);
    private static readonly string[] Departments = ["road-admin", "traffic-police", "housing", "education"];

    public sealed record Figures(int Rooms, string Layout, int Decisions, double P50, double P99, double CpuMsPerDecision, double BytesPerDecision, long BucketBytes);

    /// <summary>The follow-up index with <paramref name="Tasks"/> open tasks: a case's change, in pages; <paramref name="ListBytes"/> is what one change wrote when the index was one list.</summary>
    public sealed record FollowUpFigures(int Tasks, int Changes, double P50, double P99, double CpuMsPerChange, double BytesPerChange, long ListBytes);

    /// <summary>Open follow-up tasks: a county's few hundred, ten times that, and a province's tens of thousands.</summary>
    public static IReadOnlyList<int> TaskScales => [500, 5_000, 50_000];

    public List<FollowUpFigures> FollowUps { get; } = [];

    /// <summary>Rooms per bucket: a county's month (about 3,000 cases over 16 buckets), ten times that, and --rooms (a province's month: 90 counties).</summary>
    public IReadOnlyList<int> Scales => [200, 2_000, settings.Rooms];

    public async Task<List<Figures>> Execute(CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "consult-s8-" + Guid.NewGuid().ToString("N"));
        var database = Path.Combine(folder, "consult.db");
        using var host = new HostBuilder()
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(FreePort(), FreePort());
                silo.AddSqliteGrainStorage(StorageNames.Consult, database);
                silo.UseInMemoryReminderService();
                silo.Services.AddConsultGrains("Asia/Shanghai");
            })
            .Build();
        await host.StartAsync(cancellationToken);
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var storage = host.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Consult);
        var results = new List<Figures>();
        var month = 0;
        try
        {
            foreach (var rooms in Scales)
            {
                foreach (var paged in new[] { false, true })
                {
                    var key = IMetricsGrain.BucketKey(IMetricsGrain.KeyFor(FirstMonth.AddMonths(month++)), 0);
                    var roomIds = await Seed(storage, key, rooms, paged);
                    var bucket = grains.GetGrain<IMetricsGrain>(key);
                    await bucket.Knows(roomIds[0]); // activated (its rows read) before the timing
                    results.Add(await Decide(bucket, key, roomIds, paged, database, cancellationToken));
                    var last = results[^1];
                    log.WriteLine($"[S8] {rooms:N0} rooms, {last.Layout}: p50 {last.P50:F2} ms, p99 {last.P99:F2} ms, CPU {last.CpuMsPerDecision:F2} ms and {last.BytesPerDecision / 1024:F1} KB written per decision");
                }
            }

            foreach (var tasks in TaskScales)
            {
                FollowUps.Add(await FollowUpChanges(grains, storage, tasks, database, cancellationToken));
                var last = FollowUps[^1];
                log.WriteLine($"[S8] follow-up index, {tasks:N0} open tasks: p50 {last.P50:F2} ms, p99 {last.P99:F2} ms, CPU {last.CpuMsPerChange:F2} ms and {last.BytesPerChange / 1024:F1} KB written per change (the whole list: {last.ListBytes / 1024:N0} KB)");
            }
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        return results;
    }

    private async Task<Figures> Decide(IMetricsGrain bucket, string key, List<Guid> rooms, bool paged, string database, CancellationToken cancellationToken)
    {
        var random = new Random(rooms.Count);
        var histogram = new LongHistogram(TimeStamp.Hours(1), 3);
        var decided = new List<Guid>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < settings.Requests; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var room = rooms[random.Next(rooms.Count)];
            var at = FirstMonth.AddMinutes(i);
            var started = Stopwatch.GetTimestamp();
            // A department not yet in the room's decisions: every call writes.
            await bucket.Responded(new DecisionRecord(room, $"dept-{i}", at, at.AddMinutes(5)));
            histogram.RecordValue(Stopwatch.GetTimestamp() - started);
            decided.Add(room);
        }

        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / settings.Requests;
        var sizes = RowSizes(database, key);
        // What each decision wrote: its room's row as it is now (it grew by the decisions since, a few hundred bytes).
        var written = decided.Average(room => (double)sizes[paged ? $"{StateNames.Metrics}-{MetricsGrain.PageOf(room)}" : StateNames.Metrics]);
        return new Figures(rooms.Count, paged ? "pages" : "whole row", settings.Requests,
            Ms(histogram.GetValueAtPercentile(50)), Ms(histogram.GetValueAtPercentile(99)), cpuMs, written, sizes.Values.Sum());
    }

    /// <summary>
    /// The follow-up index (grain <c>followupindex/N</c>, a fresh key per scale) seeded in its pages with
    /// <paramref name="count"/> open tasks, two per case; then --requests changes, each one case's road
    /// administration task done.
    /// </summary>
    private async Task<FollowUpFigures> FollowUpChanges(IGrainFactory grains, IGrainStorage storage, int count, string database, CancellationToken cancellationToken)
    {
        var key = count;
        var pages = new Dictionary<int, Consult.Cases.FollowUpIndexGrain.State>();
        var cases = new List<Guid>();
        for (var i = 0; i < count / 2; i++)
        {
            var caseId = Guid.NewGuid();
            cases.Add(caseId);
            var page = Consult.Cases.FollowUpIndexGrain.PageOf(caseId);
            if (!pages.TryGetValue(page, out var state))
                pages[page] = state = new Consult.Cases.FollowUpIndexGrain.State();
            state.Tasks.AddRange(Tasks(caseId, i));
        }

        foreach (var (page, state) in pages)
            await storage.WriteStateAsync($"{StateNames.FollowUpIndex}-{page}", GrainId.Create("followupindex", key.ToString(CultureInfo.InvariantCulture)), new GrainState<Consult.Cases.FollowUpIndexGrain.State>(state));
        var index = grains.GetGrain<Consult.Cases.IFollowUpIndexGrain>(key);
        await index.Open("road-admin"); // activated before the timing
        var listBytes = RowSizesOf(database, $"followupindex/{key}").Values.Sum();

        var random = new Random(count);
        var histogram = new LongHistogram(TimeStamp.Hours(1), 3);
        var changed = new List<Guid>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < settings.Requests; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var caseId = cases[random.Next(cases.Count)];
            var started = Stopwatch.GetTimestamp();
            await index.Set(caseId, [.. Tasks(caseId, i).Skip(1).Select(t => t with { Due = t.Due.AddDays(1 + i) })]);
            histogram.RecordValue(Stopwatch.GetTimestamp() - started);
            changed.Add(caseId);
        }

        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / settings.Requests;
        var sizes = RowSizesOf(database, $"followupindex/{key}");
        var written = changed.Average(caseId => (double)sizes[$"{StateNames.FollowUpIndex}-{Consult.Cases.FollowUpIndexGrain.PageOf(caseId)}"]);
        return new FollowUpFigures(count, settings.Requests, Ms(histogram.GetValueAtPercentile(50)), Ms(histogram.GetValueAtPercentile(99)), cpuMs, written, listBytes);
    }

    private static IEnumerable<Consult.Cases.OpenFollowUp> Tasks(Guid caseId, int n) =>
    [
        new(caseId, $"CS-20261201-{n:D5}", 1, "road-admin", "恢复路面并报路政验收", new DateOnly(2026, 12, 20)),
        new(caseId, $"CS-20261201-{n:D5}", 2, "traffic-police", "施工期间设置交通标志", new DateOnly(2026, 12, 25)),
    ];

    private static async Task<List<Guid>> Seed(IGrainStorage storage, string key, int count, bool paged)
    {
        var rows = new Dictionary<string, MetricsGrain.State>();
        var rooms = new List<Guid>();
        var at = FirstMonth;
        for (var i = 0; rooms.Count < count; i++)
        {
            var room = Guid.NewGuid();
            if (IMetricsGrain.BucketOf(room) != 0)
                continue;
            rooms.Add(room);
            var caseId = Guid.NewGuid();
            var number = $"CS-{at:yyyyMMdd}-{rooms.Count:D5}";
            var roomRow = Row(rows, paged ? $"{StateNames.Metrics}-{MetricsGrain.PageOf(room)}" : StateNames.Metrics);
            roomRow.Rooms[room] = new RoomRecord(room, number, "highway-occupation", at, at.AddDays(3), at.AddHours(3), JointOutcome.Approved, [], []);
            roomRow.Decisions.AddRange(Departments.Select(d => new DecisionRecord(room, d, at, at.AddMinutes(40))));
            Row(rows, paged ? $"{StateNames.Metrics}-{MetricsGrain.PageOf(caseId)}" : StateNames.Metrics).Cases[caseId] =
                new CaseRecord(caseId, number, "highway-occupation", at, Consult.Cases.CaseStatus.Decided, DateOnly.FromDateTime(at.UtcDateTime.AddDays(20)),
                    at.AddHours(3), DateOnly.FromDateTime(at.UtcDateTime), 0, [new TaskRecord(1, "road-admin", DateOnly.FromDateTime(at.UtcDateTime.AddDays(10)), null)]);
        }

        var grain = GrainId.Create("metrics", key);
        foreach (var (stateName, state) in rows)
            await storage.WriteStateAsync(stateName, grain, new GrainState<MetricsGrain.State>(state));
        return rooms;
    }

    private static MetricsGrain.State Row(Dictionary<string, MetricsGrain.State> rows, string stateName)
    {
        if (!rows.TryGetValue(stateName, out var row))
            rows[stateName] = row = new MetricsGrain.State();
        return row;
    }

    private static Dictionary<string, long> RowSizes(string database, string key) => RowSizesOf(database, $"metrics/{key}");

    private static Dictionary<string, long> RowSizesOf(string database, string grainId)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT state_name, length(data) FROM grain_state WHERE grain_id = $id";
        select.Parameters.AddWithValue("$id", grainId);
        using var reader = select.ExecuteReader();
        var sizes = new Dictionary<string, long>();
        while (reader.Read())
            sizes[reader.GetString(0)] = reader.GetInt64(1);
        return sizes;
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public static class BucketWritesReport
{
    public static string Write(string command, List<BucketWritesRun.Figures> figures, IReadOnlyList<BucketWritesRun.FollowUpFigures> followUps, DateTimeOffset startedAt, TimeSpan elapsed)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## S8 metrics bucket writes ({startedAt:yyyy-MM-dd HH:mm} UTC, {elapsed.TotalMinutes:F1} min)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"`{command}` on {Environment.ProcessorCount} cores; one in-process silo on a SQLite file; decisions one after the other");
        text.AppendLine();
        text.AppendLine("| rooms in the bucket | layout | decisions | p50 ms | p99 ms | CPU ms per decision | KB written per decision | bucket's rows, KB |");
        text.AppendLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var f in figures)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {f.Rooms:N0} | {f.Layout} | {f.Decisions} | {f.P50:F2} | {f.P99:F2} | {f.CpuMsPerDecision:F2} | {f.BytesPerDecision / 1024:F1} | {f.BucketBytes / 1024:N0} |");
        text.AppendLine();
        text.AppendLine("The follow-up index (one for the deployment), in pages; one case's task done per change. \"the whole list\" is what every change wrote when the index was one row.");
        text.AppendLine();
        text.AppendLine("| open tasks | changes | p50 ms | p99 ms | CPU ms per change | KB written per change | the whole list, KB |");
        text.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var f in followUps)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {f.Tasks:N0} | {f.Changes} | {f.P50:F2} | {f.P99:F2} | {f.CpuMsPerChange:F2} | {f.BytesPerChange / 1024:F1} | {f.ListBytes / 1024:N0} |");
        return text.ToString();
    }
}
