using System.Globalization;
using Consult.Cases;
using Consult.Hosting;
using Consult.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Consult.Load.Measurement;

/// <summary>
/// S6's seed: the day grains' rows written straight into a new storage file (or Redis), exactly as
/// <c>CaseDayGrain</c> stores them (grain <c>caseday/yyyyMMdd</c>, rows <c>case-day</c> and
/// <c>case-day-N</c> of 256 lines each, the grain's state serialised by Orleans, ETag 1), a thousand
/// rows at a time; and each case's line in the figures (a <see cref="CaseRecord"/> in the
/// metrics bucket of its registration month, grain <c>metrics/yyyyMM-bNN</c>, in its case's page,
/// as the case reports it through its outbox). No case grains, rooms or decisions are seeded.
/// </summary>
public static class ReadSeed
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "欧阳", "司马"];
    private static readonly string Given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鑫斌宇浩凯健俊帆帅旭宁龙林欢阳建国";
    private static readonly string[] Matters = ["highway-occupation", "highway-crossing", "highway-pipeline", "level-junction", "school-bus"];

    /// <summary>The seeded days, newest first: (day key, cases); the first is today.</summary>
    public static IReadOnlyList<(DateOnly Day, int Cases)> Days(DateOnly today, int total, int todayCases, int days)
    {
        var rest = total - todayCases;
        var list = new List<(DateOnly, int)> { (today, todayCases) };
        for (var i = 1; i < days; i++)
            list.Add((today.AddDays(-i), rest / (days - 1) + (i <= rest % (days - 1) ? 1 : 0)));
        return list;
    }

    /// <summary>The applicant's name of line <paramref name="n"/>: a surname and one or two given characters (2 to 4 characters).</summary>
    public static string Name(int n)
    {
        var random = new Random(n);
        var surname = Surnames[random.Next(Surnames.Length)];
        return random.Next(3) == 0
            ? surname + Given[random.Next(Given.Length)]
            : surname + Given[random.Next(Given.Length)] + Given[random.Next(Given.Length)];
    }

    /// <summary>Into a new SQLite storage file, the storage's own table, in one transaction per thousand rows.</summary>
    public static async Task Write(string databasePath, IReadOnlyList<(DateOnly Day, int Cases)> days, DateTimeOffset now, TimeZoneInfo zone, TextWriter log)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        using (var schema = connection.CreateCommand())
        {
            // The storage's own table, as SqliteGrainStorage creates it.
            schema.CommandText = """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = OFF;
                """ + SqliteGrainStorage.Schema;
            await schema.ExecuteNonQueryAsync();
        }

        var stamp = now.ToString("O", CultureInfo.InvariantCulture);
        foreach (var chunk in Rows(days, now, zone, log).Chunk(1_000))
        {
            using var transaction = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO grain_state (grain_id, state_name, etag, data, updated_at) VALUES ($id, $state, 1, $data, $now)";
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var state = insert.Parameters.Add("$state", SqliteType.Text);
            var data = insert.Parameters.Add("$data", SqliteType.Blob);
            insert.Parameters.AddWithValue("$now", stamp);
            foreach (var row in chunk)
            {
                (id.Value, state.Value, data.Value) = (row.GrainId, row.StateName, row.Data);
                await insert.ExecuteNonQueryAsync();
            }

            transaction.Commit();
        }
    }

    /// <summary>
    /// Into Redis, as Orleans' Redis grain storage keeps a row (a hash <c>{serviceId}/state/{grainId}/{stateName}</c>
    /// with its <c>etag</c> and <c>data</c>), a thousand rows per round trip.
    /// </summary>
    public static async Task WriteRedis(string endpoint, string serviceId, IReadOnlyList<(DateOnly Day, int Cases)> days, DateTimeOffset now, TimeZoneInfo zone, TextWriter log)
    {
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(endpoint);
        var database = redis.GetDatabase();
        foreach (var chunk in Rows(days, now, zone, log).Chunk(1_000))
        {
            await Task.WhenAll(chunk.Select(row => database.HashSetAsync($"{serviceId}/state/{row.GrainId}/{row.StateName}",
                [new("etag", Guid.NewGuid().ToString("N")), new("data", row.Data)])));
        }
    }

    /// <summary>
    /// The rows: each day's pages of lines (<c>case-day</c>, <c>case-day-N</c>), then every metrics
    /// bucket's pages (<c>metrics-N</c>, each case's line in its case's page, as <c>MetricsGrain</c> keeps them).
    /// </summary>
    private static IEnumerable<(string GrainId, string StateName, byte[] Data)> Rows(IReadOnlyList<(DateOnly Day, int Cases)> days, DateTimeOffset now, TimeZoneInfo zone, TextWriter log)
    {
        var serializer = new ServiceCollection()
            .AddSerializer(b => b.AddAssembly(typeof(CaseDayGrain).Assembly).AddAssembly(typeof(CaseSummary).Assembly))
            .BuildServiceProvider().GetRequiredService<Serializer>();
        var seeded = 0;
        var buckets = new Dictionary<(string Bucket, int Page), Consult.Metrics.MetricsGrain.State>();
        foreach (var (day, count) in days)
        {
            var key = day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), zone.GetUtcOffset(day.ToDateTime(TimeOnly.MinValue))).ToUniversalTime();
            var end = day == DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime) ? now.AddSeconds(-1) : start.AddDays(1);
            var step = (end - start).Ticks / Math.Max(1, count);
            for (var page = 0; page * CaseDayGrain.PageSize < count; page++)
            {
                var lines = new CaseDayGrain.State();
                for (var n = page * CaseDayGrain.PageSize; n < Math.Min(count, (page + 1) * CaseDayGrain.PageSize); n++)
                {
                    var status = n % 10 == 0 ? CaseStatus.Withdrawn : n % 3 == 0 ? CaseStatus.Completed : n % 3 == 1 ? CaseStatus.Consulting : CaseStatus.Received;
                    var line = new CaseSummary(Guid.NewGuid(), $"CS-{key}-{n + 1:D4}", Matters[n % Matters.Length], Name(seeded + n),
                        status, start.AddTicks(step * n), "window");
                    lines.Cases.Add(line);
                    var bucket = (Consult.Metrics.IMetricsGrain.KeyFor(line.CreatedAt, line.CaseId), Consult.Metrics.MetricsGrain.PageOf(line.CaseId));
                    if (!buckets.TryGetValue(bucket, out var figures))
                        buckets[bucket] = figures = new Consult.Metrics.MetricsGrain.State();
                    var concluded = status is CaseStatus.Completed or CaseStatus.Withdrawn ? line.CreatedAt.AddHours(3) : (DateTimeOffset?)null;
                    figures.Cases[line.CaseId] = new Consult.Metrics.CaseRecord(line.CaseId, line.CaseNumber, line.MatterCode, line.CreatedAt, status,
                        day.AddDays(28), concluded, concluded is null ? null : day, n % 7 == 0 ? 1 + n % 3 : 0,
                        n % 11 == 0 ? [new Consult.Metrics.TaskRecord(1, "road-admin", day.AddDays(5), null)] : []);
                }

                yield return ($"caseday/{key}", page == 0 ? StateNames.CaseDay : $"{StateNames.CaseDay}-{page}", serializer.SerializeToArray(lines));
            }

            seeded += count;
            log.WriteLine($"[S6] seeded {key}: {count:N0} cases ({seeded:N0} in all)");
        }

        foreach (var ((bucket, page), figures) in buckets)
            yield return ($"metrics/{bucket}", $"{StateNames.Metrics}-{page}", serializer.SerializeToArray(figures));
        log.WriteLine($"[S6] seeded {buckets.Select(b => b.Key.Bucket).Distinct().Count()} metrics buckets in {buckets.Count} pages");
    }
}
