using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Consult.Cases;
using Consult.Server.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace Consult.Server.Tests.Cases;

/// <summary>
/// The case listing is answered from Embedded mode's SQLite case index (a projection of the day
/// grains' rows): every page, count and search agrees with what the day grain itself holds.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class CaseIndexListingTests(ConsultApp app)
{
    private static readonly string[] Names = ["欧阳明月", "明月清风", "司马光", "Li Mingyue", "王芳", "王芳芳", "张伟", "李娜", "O'Neil \"Jr\"", "周%_明"];

    [Fact]
    public async Task EveryPageCountAndSearchAgreesWithTheDayGrain()
    {
        var window = await app.SignIn("window");
        var created = new List<JsonNode>();
        for (var i = 0; i < Names.Length * 2; i++)
            created.Add(await (await window.Post("/api/v1/cases", Case(Names[i % Names.Length], i % 3 == 0 ? "school-bus" : "highway-occupation"))).Json(HttpStatusCode.Created));
        foreach (var withdrawn in created.Where((_, i) => i % 4 == 1))
            await (await window.Post($"/api/v1/cases/{withdrawn["caseId"]}/withdraw", new { reason = "申请人撤回" })).Json(HttpStatusCode.OK);

        var number = (string)created[7]["caseNumber"]!;
        var day = number.Split('-')[1];
        string[] searches = ["明月", "司马光", "mingyue", "MING", "王芳", "芳", "O'Neil \"J", "%_", "周%", number, number.ToLowerInvariant(), $"CS-{day}-", number[^4..], "-" + number[^3..], "无此人"];
        var lines = await app.Services.GetRequiredService<IGrainFactory>().GetGrain<ICaseDayGrain>(day).List();
        foreach (var q in searches.Concat([null]))
        {
            foreach (var status in new[] { null, "withdrawn", "received" })
            {
                var expected = Expected(lines, q, status);
                var query = $"q={Uri.EscapeDataString(q ?? "")}&status={status}&pageSize=7&from={Uri.EscapeDataString(DayStart(day))}";
                var listed = new List<string>();
                for (var page = 1; page <= (expected.Count / 7) + 1; page++)
                {
                    var answer = await window.Get($"/api/v1/cases?{query}&page={page}");
                    Assert.True(expected.Count == (int)answer["total"]!, $"q={q} status={status}: {answer["total"]} listed, {expected.Count} expected");
                    listed.AddRange(answer["items"]!.AsArray().Select(c => (string)c!["caseNumber"]!));
                }

                Assert.Equal(expected, listed);
            }
        }

        Assert.Contains(number, Expected(lines, number, null));
        Assert.Equal(2, Expected(lines, "司马光", null).Count(n => created.Any(c => (string)c["caseNumber"]! == n)));
    }

    [Fact]
    public async Task AStatusChangeIsListedAtOnceAndNumbersStayGapless()
    {
        var window = await app.SignIn("window");
        var first = await (await window.Post("/api/v1/cases", Case("赵钱孙", "highway-occupation"))).Json(HttpStatusCode.Created);
        var second = await (await window.Post("/api/v1/cases", Case("赵钱孙", "highway-occupation"))).Json(HttpStatusCode.Created);
        Assert.Equal(Sequence((string)first["caseNumber"]!) + 1, Sequence((string)second["caseNumber"]!));

        var before = await window.Get($"/api/v1/cases?q={first["caseNumber"]}&status=received");
        Assert.Equal("received", (string?)Assert.Single(before["items"]!.AsArray())!["status"]);
        await (await window.Post($"/api/v1/cases/{first["caseId"]}/withdraw", new { reason = "申请人撤回" })).Json(HttpStatusCode.OK);

        Assert.Empty((await window.Get($"/api/v1/cases?q={first["caseNumber"]}&status=received"))["items"]!.AsArray());
        var after = await window.Get($"/api/v1/cases?q={first["caseNumber"]}&status=withdrawn");
        Assert.Equal("withdrawn", (string?)Assert.Single(after["items"]!.AsArray())!["status"]);

        var day = ((string)first["caseNumber"]!).Split('-')[1];
        var all = new List<string>();
        for (var page = 1; ; page++)
        {
            var answer = await window.Get($"/api/v1/cases?pageSize=100&page={page}&from={Uri.EscapeDataString(DayStart(day))}");
            all.AddRange(answer["items"]!.AsArray().Select(c => (string)c!["caseNumber"]!).Where(n => n.Contains(day, StringComparison.Ordinal)));
            if (answer["items"]!.AsArray().Count < 100)
                break;
        }

        // The day numbers gaplessly; the listing shows every line but a pending one whose case could not finish (other tests leave such).
        var lines = await app.Services.GetRequiredService<IGrainFactory>().GetGrain<ICaseDayGrain>(day).List();
        Assert.Equal(Enumerable.Range(1, lines.Length).Select(n => (long)n), lines.Select(l => Sequence(l.CaseNumber)).Order());
        Assert.Equal(lines.Where(l => !l.Pending).Select(l => l.CaseNumber).Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
        Assert.Contains((string)second["caseNumber"]!, all);
    }

    [Fact]
    public async Task APeriodCuttingADayListsOnlyItsPart()
    {
        var window = await app.SignIn("window");
        var created = new List<JsonNode>();
        for (var i = 0; i < 8; i++)
            created.Add(await (await window.Post("/api/v1/cases", Case("钱多多", i % 2 == 0 ? "school-bus" : "highway-occupation"))).Json(HttpStatusCode.Created));
        var day = ((string)created[0]["caseNumber"]!).Split('-')[1];
        var lines = (await app.Services.GetRequiredService<IGrainFactory>().GetGrain<ICaseDayGrain>(day).List()).Where(l => !l.Pending).ToList();
        var at = lines.Where(l => created.Any(c => (string)c["caseNumber"]! == l.CaseNumber)).Select(l => l.CreatedAt).Order().ToList();

        // The period holds a small part of the day (counted in that part), then most of it (the rest counted and taken off).
        foreach (var (from, to) in new[] { (at[5], at[7]), (at[0].AddDays(-1), at[2]), (at[3], at[6]), (at[1], at[7].AddSeconds(1)) })
        {
            foreach (var matter in new[] { "", "school-bus" })
            {
                var expected = lines.Where(l => l.CreatedAt >= from && l.CreatedAt <= to && (matter == "" || l.MatterCode == matter))
                    .OrderByDescending(l => l.CreatedAt).Select(l => l.CaseNumber).ToList();
                var period = $"from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(to.ToString("O", CultureInfo.InvariantCulture))}&matter={matter}";
                var listed = new List<string>();
                for (var page = 1; page <= (expected.Count / 3) + 1; page++)
                {
                    var answer = await window.Get($"/api/v1/cases?{period}&pageSize=3&page={page}");
                    Assert.Equal(expected.Count, (int)answer["total"]!);
                    listed.AddRange(answer["items"]!.AsArray().Select(c => (string)c!["caseNumber"]!));
                }

                Assert.Equal(expected, listed);
            }
        }
    }

    /// <summary>What the day grain's own <see cref="CaseQuery.Matches"/> lists, newest first, as its numbers.</summary>
    private static List<string> Expected(IEnumerable<CaseSummary> lines, string? q, string? status) =>
        [.. lines.Where(l => !l.Pending)
            .Where(l => status is null || l.Status.ToString().Equals(status, StringComparison.OrdinalIgnoreCase))
            .Where(l => string.IsNullOrEmpty(q) || l.CaseNumber.Contains(q, StringComparison.OrdinalIgnoreCase) || l.ApplicantName.Contains(q, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(l => l.CreatedAt)
            .Select(l => l.CaseNumber)];

    private static long Sequence(string number) => long.Parse(number.Split('-')[2], CultureInfo.InvariantCulture);

    private static string DayStart(string day) =>
        DateTime.ParseExact(day, "yyyyMMdd", CultureInfo.InvariantCulture).AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static object Case(string name, string matter) => new
    {
        matterCode = matter,
        applicant = new { name, phone = "13912345678", organization = "县供电公司", idNumber = (string?)null },
        summary = "占道施工",
    };
}
