using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Consult.Calendar;
using Consult.Cases;
using Consult.Grains.Tests.Fixtures;
using Consult.Hosting;
using Consult.Metrics;
using Consult.Metrics.Index;
using Consult.Rooms;
using Consult.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using Orleans.Serialization;

namespace Consult.Grains.Tests.Metrics;

/// <summary>
/// The metrics index answers every figure exactly as the records in memory do: random cases (mixed
/// offsets, statuses, due days, tasks, supplements, changed lines) in buckets written through the
/// SQLite storage or told by notices, against <see cref="CaseList"/> over random periods.
/// </summary>
public sealed class SqliteMetricsIndexTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly string[] Matters = ["highway-occupation", "highway-crossing", "road-sign"];
    private static readonly string[] Departments = ["road-admin", "traffic-police", "housing"];
    private static readonly DateTimeOffset Start = new(2026, 8, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "consult-metrics-index-" + Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(MetricsGrain).Assembly).AddAssembly(typeof(CaseRecord).Assembly)).BuildServiceProvider();
    private SqliteGrainStorage _storage = null!;

    private string StoragePath => Path.Combine(_folder, "consult.db");

    public async Task InitializeAsync()
    {
        _storage = new SqliteGrainStorage("test", new SqliteGrainStorageOptions { DatabasePath = StoragePath },
            _services.GetRequiredService<Serializer>(), TimeProvider.System, NullLogger<SqliteGrainStorage>.Instance);
        await _storage.Init(CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _storage.Dispose();
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private SqliteMetricsIndex Index() => new(new SqliteStoredRows(StoragePath), MetricsIndexExtensions.IndexPath(StoragePath),
        _services.GetRequiredService<Serializer>(), TimeProvider.System, NullLogger<SqliteMetricsIndex>.Instance);

    [Fact]
    public async Task EveryFigureAndDrillDownIsTheOneComputedFromTheRecordsInMemory()
    {
        var random = new Random(17);
        // A bucket's rows: its pages (as MetricsGrain keeps them), or, for every other bucket, its own row as before the pages.
        var buckets = new Dictionary<(string Key, string StateName), GrainState<MetricsGrain.State>>();
        var cases = Enumerable.Range(0, 900).Select(i => RandomCase(random, i)).ToList();
        foreach (var record in cases)
        {
            var row = Row(record);
            if (!buckets.TryGetValue(row, out var bucket))
                buckets[row] = bucket = new GrainState<MetricsGrain.State>(new MetricsGrain.State());
            bucket.State!.Cases[record.CaseId] = record;
        }

        Assert.Contains(buckets.Keys, row => row.StateName == StateNames.Metrics);
        Assert.Contains(buckets.Keys, row => row.StateName != StateNames.Metrics);
        // Half the rows are stored before the index starts (it takes them in from the storage rows) …
        var before = buckets.Keys.Where((_, i) => i % 2 == 0).ToHashSet();
        foreach (var row in before)
            await _storage.WriteStateAsync(row.StateName, GrainId.Create("metrics", row.Key), buckets[row]);
        using var index = Index();
        await index.CatchUp();

        // … the others, and changed lines of the first half, arrive as the buckets' notices after their writes.
        var changed = cases.Where((_, i) => i % 7 == 0).Select(c => RandomCase(random, 0) with { CaseId = c.CaseId, CaseNumber = c.CaseNumber, RegisteredAt = c.RegisteredAt }).ToList();
        foreach (var record in cases.Where(c => !before.Contains(Row(c))).Concat(changed))
            await Tell(index, buckets[Row(record)], record);
        var current = cases.Select(c => changed.FirstOrDefault(x => x.CaseId == c.CaseId) ?? c).ToList();
        var rooms = current.Where((_, i) => i % 5 == 0).Select(c => new RoomRecord(Guid.NewGuid(), c.CaseNumber, c.MatterCode,
            c.RegisteredAt.AddMinutes(random.Next(0, 3000)), c.RegisteredAt.AddDays(1), null, null)).ToArray();

        var clock = new DecisionMetricsCalculator.Clock(new WorkingCalendar(CalendarFile.Load()), WorkingHours.Parse(WorkingHours.Default, out _)!, Shanghai);
        var catalog = Consult.Catalog.CatalogFile.Load();
        for (var n = 0; n < 40; n++)
        {
            var from = Start.AddMinutes(random.Next(0, 120 * 24 * 60)).AddSeconds(random.Next(0, 60));
            var to = n % 4 == 0 ? from.AddMinutes(random.Next(1, 59)) : from.AddHours(random.Next(1, 40 * 24)).AddSeconds(random.Next(0, 60));
            var now = to.AddDays(random.Next(0, 20));
            var (first, last) = (202608 + random.Next(0, 2), 202610 + random.Next(0, 2));
            var scope = new MetricsScope(first, last, from, to, FigureSets.Today(now, Shanghai));
            var inScope = current.Where(c => Month(c) >= first && Month(c) <= last).ToList();
            var expected = new CaseList(from, to, scope.Today, inScope);

            var (figures, rows) = await index.Read(scope, (_, projected) => (
                Json(DecisionMetricsCalculator.Compute(from, to, now, rooms, [], catalog, clock, projected)),
                CaseTotals.Kinds.Select(f => Json(new FigureSets(from, to, now, rooms, [], projected).Rows(f, Matters[n % 3], n % 2 == 0 ? null : Departments[n % 3]))).ToList()));

            Assert.Equal(Json(DecisionMetricsCalculator.Compute(from, to, now, rooms, [], catalog, clock, expected)), figures);
            Assert.Equal(CaseTotals.Kinds.Select(f => Json(new FigureSets(from, to, now, rooms, [], expected).Rows(f, Matters[n % 3], n % 2 == 0 ? null : Departments[n % 3]))), rows);
        }
    }

    [Fact]
    public async Task ANoticeOlderThanWhatTheIndexTookInChangesNothingAndARestartFindsWhatWasNotTold()
    {
        var record = new CaseRecord(Guid.NewGuid(), "CS-1", Matters[0], new DateTimeOffset(2026, 9, 2, 9, 0, 0, TimeSpan.FromHours(8)),
            CaseStatus.Consulting, new DateOnly(2026, 9, 10), null, null, 0, []);
        var bucket = new GrainState<MetricsGrain.State>(new MetricsGrain.State());
        bucket.State!.Cases[record.CaseId] = record;
        var grain = GrainId.Create("metrics", Bucket(record));
        await _storage.WriteStateAsync(StateNames.Metrics, grain, bucket);
        var stale = long.Parse(bucket.ETag!, CultureInfo.InvariantCulture);
        var withdrawn = record with { Status = CaseStatus.Withdrawn, ConcludedAt = record.RegisteredAt.AddDays(1), ConcludedOn = new DateOnly(2026, 9, 3) };
        bucket.State!.Cases[record.CaseId] = withdrawn;
        await _storage.WriteStateAsync(StateNames.Metrics, grain, bucket);

        var scope = new MetricsScope(202609, 202609, new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), new DateOnly(2026, 9, 20));
        using (var index = Index())
        {
            await index.CatchUp();
            index.CaseStored(grain.ToString(), stale, record); // the undecided line, written before the withdrawal the index read
            Assert.Equal(0, await index.Read(scope, (_, cases) => cases.Totals().Count(Figures.StatutoryOverdue)));
            Assert.Equal(1, await index.Read(scope, (_, cases) => cases.Totals().Count(Figures.Received)));
        }

        // Stored again with nobody told (the index was away): found at the next start.
        bucket.State!.Cases[record.CaseId] = record;
        await _storage.WriteStateAsync(StateNames.Metrics, grain, bucket);
        using var restarted = Index();
        Assert.Equal(1, await restarted.Read(scope, (_, cases) => cases.Totals().Count(Figures.StatutoryOverdue)));
        Assert.Equal(["CS-1"], await restarted.Read(scope, (_, cases) => cases.Rows(Figures.StatutoryOverdue, null, null).Select(r => r.CaseNumber).ToList()));
    }

    [Fact]
    public async Task NoticesWaitAsTheNewestPartOfEachKindAndAreTakenInWithoutAnyoneReading()
    {
        var record = new CaseRecord(Guid.NewGuid(), "CS-1", Matters[0], new DateTimeOffset(2026, 9, 2, 9, 0, 0, TimeSpan.FromHours(8)),
            CaseStatus.Consulting, new DateOnly(2026, 9, 10), null, null, 0, []);
        var bucket = new GrainState<MetricsGrain.State>(new MetricsGrain.State());
        var grain = GrainId.Create("metrics", Bucket(record)).ToString();
        using var index = Index();
        await index.CatchUp();

        // A busy room: each decision stores the bucket and tells its whole rooms' side again; a case line changes twice.
        var room = new RoomRecord(Guid.NewGuid(), record.CaseNumber, record.MatterCode, record.RegisteredAt, record.RegisteredAt.AddDays(1), null, null);
        bucket.State!.Rooms[room.RoomId] = room;
        bucket.State.Cases[record.CaseId] = record;
        long etag = 0;
        for (var i = 0; i < 300; i++)
        {
            bucket.State.Decisions.Add(new DecisionRecord(room.RoomId, "road-admin", record.RegisteredAt, record.RegisteredAt.AddMinutes(i)));
            await _storage.WriteStateAsync(StateNames.Metrics, GrainId.Parse(grain), bucket);
            etag = long.Parse(bucket.ETag!, CultureInfo.InvariantCulture);
            index.ShardStored(grain, etag, new MetricsShard([.. bucket.State.Rooms.Values], [.. bucket.State.Decisions], []));
            if (i is 100 or 200)
                index.CaseStored(grain, etag, record with { Status = i == 100 ? CaseStatus.Consulting : CaseStatus.Decided });
        }

        // What waits is one rooms' side and one case line, not 302 notices, each holding every decision so far.
        Assert.InRange(index.PendingParts, 0, 2);

        // Nobody reads the figures, yet the index file holds the last write within seconds.
        using var file = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={MetricsIndexExtensions.IndexPath(StoragePath)};Mode=ReadOnly;Pooling=False");
        await file.OpenAsync();
        await Eventually.Until(async () =>
        {
            using var command = file.CreateCommand();
            command.CommandText = "SELECT etag FROM shard WHERE grain_id = $grain";
            command.Parameters.AddWithValue("$grain", grain);
            return await command.ExecuteScalarAsync();
        }, stored => stored is long version && version == etag, "the notices taken in without a read");

        Assert.Equal(0, index.PendingParts);
        var scope = new MetricsScope(202609, 202609, new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), new DateOnly(2026, 9, 20));
        Assert.Equal(300, await index.Read(scope, (shards, _) => shards.Sum(s => s.Decisions.Length)));
        Assert.Equal(["CS-1"], await index.Read(scope, (_, cases) => cases.Rows(Figures.Received, null, null).Select(r => r.CaseNumber).ToList()));
    }

    private async Task Tell(SqliteMetricsIndex index, GrainState<MetricsGrain.State> bucket, CaseRecord record)
    {
        bucket.State!.Cases[record.CaseId] = record;
        var (key, stateName) = Row(record);
        var grain = GrainId.Create("metrics", key);
        await _storage.WriteStateAsync(stateName, grain, bucket);
        index.CaseStored(MetricsGrain.RowKey(grain.ToString(), stateName), long.Parse(bucket.ETag!, CultureInfo.InvariantCulture), record);
    }

    private static CaseRecord RandomCase(Random random, int i)
    {
        var offset = TimeSpan.FromHours(random.Next(2) * 8);
        var registered = Start.AddMinutes(random.Next(0, 120 * 24 * 60)).AddSeconds(random.Next(0, 60)).ToOffset(offset);
        var status = (CaseStatus)random.Next(0, 6);
        var concluded = status is CaseStatus.Decided or CaseStatus.Completed or CaseStatus.Withdrawn && random.Next(5) > 0
            ? registered.AddMinutes(random.Next(0, 20 * 24 * 60)) : (DateTimeOffset?)null;
        DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Shanghai).DateTime);
        var due = random.Next(6) == 0 ? (DateOnly?)null : Day(registered).AddDays(random.Next(0, 30));
        var tasks = Enumerable.Range(1, random.Next(0, 3)).Select(t => new TaskRecord(t, Departments[random.Next(3)], Day(registered).AddDays(random.Next(0, 25)),
            random.Next(3) == 0 ? registered.AddDays(2) : null)).ToImmutableArray();
        return new CaseRecord(Guid.NewGuid(), $"CS-{i:D5}", Matters[random.Next(3)], registered, status, due, concluded,
            concluded is { } c ? Day(c) : null, random.Next(4) == 0 ? random.Next(1, 4) : 0, tasks);
    }

    private static int Month(CaseRecord record) => int.Parse(IMetricsGrain.KeyFor(record.RegisteredAt), CultureInfo.InvariantCulture);

    private static string Bucket(CaseRecord record) => IMetricsGrain.KeyFor(record.RegisteredAt, record.CaseId);

    /// <summary>The row a case's line is stored in: its page, or in every other bucket the bucket's own row (as before the pages).</summary>
    private static (string Key, string StateName) Row(CaseRecord record)
    {
        var key = Bucket(record);
        return IMetricsGrain.BucketOf(record.CaseId) % 2 == 0 ? (key, StateNames.Metrics) : (key, $"{StateNames.Metrics}-{MetricsGrain.PageOf(record.CaseId)}");
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
