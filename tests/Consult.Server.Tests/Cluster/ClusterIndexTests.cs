using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Consult.Cases;
using Consult.Cases.Index;
using Consult.Metrics.Index;
using Consult.Server.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Consult.Server.Tests.Cluster;

/// <summary>
/// Cluster mode's case listing and figures: each node answers from its own case index and metrics
/// index, fed from the rows in Redis. A case registered or changed on one node is listed at once on
/// the other, its figures counted there, and a notice the stream dropped before a node read it is
/// made good by looking every row over.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterIndexTests : IAsyncLifetime
{
    private RedisNodes _cluster = null!;

    private IReadOnlyList<LiveNode> Nodes => _cluster.Nodes;

    public async Task InitializeAsync() => _cluster = await RedisNodes.Start("consult-cluster-indexes", 2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task CasesRegisteredAndChangedOnOneNodeAreListedAtOnceOnTheOtherFromItsOwnIndex()
    {
        Assert.All(Nodes, n => Assert.NotNull(n.Services.GetService<ICaseIndex>()));
        var first = await Nodes[0].Http("window");
        var second = await Nodes[1].Http("window");

        // More than a day page (256 lines) of cases, so that a later page of the day is a row of its own.
        var created = new List<JsonNode>();
        for (var i = 0; i < CaseDayGrain.PageSize + 20; i++)
            created.Add(await (await first.Post("/api/v1/cases", Case(i % 5 == 0 ? "司马光" : $"申请人{i}"))).Json(HttpStatusCode.Created));
        var day = ((string)created[0]["caseNumber"]!).Split('-')[1];
        var from = Uri.EscapeDataString(DayStart(day));

        // The day grain's own lines: the demo's cases of today and these.
        var expected = await DayNumbers(day);
        Assert.Subset(expected.ToHashSet(), created.Select(c => (string)c["caseNumber"]!).ToHashSet());
        Assert.Equal(expected, await Listed(second, $"from={from}"));
        Assert.Equal(expected, await Listed(first, $"from={from}"));
        Assert.Equal(created.Where((_, i) => i % 5 == 0).Count(), (int)(await second.Get($"/api/v1/cases?q={Uri.EscapeDataString("司马光")}&from={from}"))["total"]!);
        // Each node's index is a file of its own, in its own data folder.
        Assert.All(Enumerable.Range(0, Nodes.Count), i => Assert.True(File.Exists(Path.Combine(_cluster.Folder, $"node{i}", "case-index.db"))));

        // A change on the second node, to a line on the first page and one on the last: listed at once on the first node.
        foreach (var changed in new[] { created[1], created[^1] })
            await (await second.Post($"/api/v1/cases/{changed["caseId"]}/withdraw", new { reason = "申请人撤回" })).Json(HttpStatusCode.OK);
        var withdrawn = await Listed(first, $"status=withdrawn&from={from}");
        Assert.Equal([(string)created[^1]["caseNumber"]!, (string)created[1]["caseNumber"]!], withdrawn);
        Assert.Equal(await DayNumbers(day, CaseStatus.Received), await Listed(first, $"status=received&from={from}"));
        Assert.Equal(await DayNumbers(day, CaseStatus.Withdrawn), withdrawn);
    }

    [Fact]
    public async Task ACaseWhoseNoticeTheStreamDroppedBeforeTheOtherNodeReadItIsListedThere()
    {
        var first = await Nodes[0].Http("window");
        var second = await Nodes[1].Http("window");
        var before = await (await first.Post("/api/v1/cases", Case("欧阳明月"))).Json(HttpStatusCode.Created);
        var day = ((string)before["caseNumber"]!).Split('-')[1];
        var from = Uri.EscapeDataString(DayStart(day));
        Assert.Equal(await DayNumbers(day), await Listed(second, $"from={from}"));

        // The next case's notice is trimmed from the stream before the second node reads it.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_cluster.Redis.ConnectionString());
        var stream = new RedisKey($"consult/{Consult.Server.Hosting.RedisStoredRows.CaseDayStream}");
        var told = await redis.GetDatabase().StreamLengthAsync(stream);
        var dropped = await (await first.Post("/api/v1/cases", Case("明月清风"))).Json(HttpStatusCode.Created);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await redis.GetDatabase().StreamLengthAsync(stream) == told && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.True(await redis.GetDatabase().StreamLengthAsync(stream) > told, "the first node told the stream of its new row");
        await redis.GetDatabase().StreamTrimAsync(stream, 0);
        Assert.Equal(0, await redis.GetDatabase().StreamLengthAsync(stream));

        var listed = await Listed(second, $"from={from}");
        Assert.Equal(await DayNumbers(day), listed);
        Assert.Equal([(string)dropped["caseNumber"]!, (string)before["caseNumber"]!], listed[..2]);
    }

    [Fact]
    public async Task FiguresOnEitherNodeCountTheCasesAndRoomsOfTheOtherFromEachNodesOwnMetricsIndex()
    {
        Assert.All(Nodes, n => Assert.NotNull(n.Services.GetService<IMetricsIndex>()));
        var managers = new[] { await Nodes[0].Http("manager"), await Nodes[1].Http("manager") };
        // Each node's index answers once first, so what follows reaches it only as the rows' notices.
        foreach (var manager in managers)
            await manager.Get("/api/v1/metrics/cases?figure=roomsOpened");

        var window = await Nodes[0].Http("window");
        var opened = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var created = await (await window.Post("/api/v1/cases", Case($"申请人{i}"))).Json(HttpStatusCode.Created);
            await (await window.Post($"/api/v1/cases/{created["caseId"]}/consultations", new { departments = new[] { "road-admin" } })).Json(HttpStatusCode.Created);
            opened.Add((string)created["caseNumber"]!);
        }

        // The cases and rooms report to their buckets through their outboxes, a moment after the answers.
        foreach (var manager in managers)
        {
            foreach (var figure in new[] { "received", "roomsOpened" })
            {
                var deadline = DateTime.UtcNow.AddSeconds(15);
                List<string> numbers;
                do
                {
                    numbers = [.. (await manager.Get($"/api/v1/metrics/cases?figure={figure}")).AsArray().Select(r => (string)r!["caseNumber"]!)];
                }
                while (!opened.All(numbers.Contains) && DateTime.UtcNow < deadline && await Delay());
                Assert.True(opened.All(numbers.Contains), $"{figure} on node {Array.IndexOf(managers, manager)}: {string.Join(", ", numbers)}");
            }
        }
    }

    [Fact]
    public async Task WhileRedisIsAwayTheListAndTheFiguresAnswerFromTheNodesOwnIndexes()
    {
        var window = await Nodes[0].Http("window");
        var manager = await Nodes[1].Http("manager");
        var created = await (await window.Post("/api/v1/cases", Case("诸葛亮"))).Json(HttpStatusCode.Created);
        var day = ((string)created["caseNumber"]!).Split('-')[1];
        var query = $"/api/v1/cases?q={Uri.EscapeDataString("诸葛亮")}&from={Uri.EscapeDataString(DayStart(day))}";
        var lister = await Nodes[1].Http("window");
        Assert.Equal(1, (int)(await lister.Get(query))["total"]!);
        var received = (await manager.Get("/api/v1/metrics/cases?figure=received")).AsArray().Count;

        await _cluster.Redis.Pause();
        try
        {
            // The index cannot read the stream; it answers what it holds once Redis' command times out.
            Assert.Equal(1, (int)(await lister.Get(query))["total"]!);
            Assert.Equal(received, (await manager.Get("/api/v1/metrics/cases?figure=received")).AsArray().Count);
        }
        finally
        {
            await _cluster.Redis.Resume();
        }
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(200);
        return true;
    }

    private static async Task<List<string>> Listed(HttpClient client, string query)
    {
        var numbers = new List<string>();
        for (var page = 1; ; page++)
        {
            var answer = await client.Get($"/api/v1/cases?{query}&pageSize=100&page={page}");
            var items = answer["items"]!.AsArray();
            numbers.AddRange(items.Select(c => (string)c!["caseNumber"]!));
            if (items.Count < 100)
                return numbers;
        }
    }

    /// <summary>What the day grain itself holds, newest first, as its numbers.</summary>
    private async Task<List<string>> DayNumbers(string day, CaseStatus? status = null) =>
        [.. (await Nodes[0].Services.GetRequiredService<IGrainFactory>().GetGrain<ICaseDayGrain>(day).List())
            .Where(l => !l.Pending && (status is null || l.Status == status)).OrderByDescending(l => l.CreatedAt).Select(l => l.CaseNumber)];

    private static string DayStart(string day) =>
        DateTime.ParseExact(day, "yyyyMMdd", CultureInfo.InvariantCulture).AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static object Case(string name) => new
    {
        matterCode = "highway-occupation",
        applicant = new { name, phone = "13912345678", organization = "县供电公司", idNumber = (string?)null },
        summary = "占道施工",
    };
}
