using Consult.Cases;
using Consult.Grains.Tests.Fixtures;
using Consult.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Consult.Grains.Tests.Cases;

[Collection(ClusterCollection.Name)]
public sealed class CaseDayGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private static CaseSummary Line(int i) =>
        new(Guid.NewGuid(), "", "school-bus", $"申请人{i}", CaseStatus.Received, DateTimeOffset.UtcNow, "window-1");

    [Fact]
    public async Task AFullDayIsKeptInPagesSoARegistrationRewritesOnePageAndAllIsReadBack()
    {
        var key = "20990101";
        var day = Grains.GetGrain<ICaseDayGrain>(key);
        var lines = Enumerable.Range(1, 2 * CaseDayGrain.PageSize + 5).Select(Line).ToList();
        var numbers = new List<string>();
        foreach (var line in lines)
            numbers.Add(await day.Register(line));
        Assert.Equal(Enumerable.Range(1, lines.Count).Select(i => $"CS-{key}-{i:D4}"), numbers);

        // Three rows, none larger than a page.
        var pages = StoredPages(key);
        Assert.Equal([CaseDayGrain.PageSize, CaseDayGrain.PageSize, 5], pages);

        // Asking again gives the same number; a status change lands on its page.
        Assert.Equal(numbers[CaseDayGrain.PageSize + 3], await day.Register(lines[CaseDayGrain.PageSize + 3]));
        await day.UpdateStatus(lines[CaseDayGrain.PageSize + 3].CaseId, CaseStatus.Consulting);
        var before = await day.List();

        await fixture.Cluster.DeactivateAsync(day);

        var after = await day.List();
        Assert.Equal(before.ToArray(), after.ToArray());
        Assert.Equal(CaseStatus.Consulting, after.Single(c => c.CaseId == lines[CaseDayGrain.PageSize + 3].CaseId).Status);
        Assert.Equal(numbers[7], await day.Register(lines[7]));
        Assert.Equal($"CS-{key}-{lines.Count + 1:D4}", await day.Register(Line(0)));
        Assert.Equal([CaseDayGrain.PageSize, CaseDayGrain.PageSize, 6], StoredPages(key));
    }

    [Fact]
    public async Task ADayStoredBeforePagingKeepsItsLinesAndNumbersOn()
    {
        // As stored by the grain before paging: every line of the day in the one case-day row.
        var key = "20990102";
        var day = Grains.GetGrain<ICaseDayGrain>(key);
        var old = new CaseDayGrain.State();
        for (var i = 1; i <= CaseDayGrain.PageSize + 40; i++)
            old.Cases.Add(Line(i) with { CaseNumber = $"CS-{key}-{i:D4}" });
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Consult);
        await storage.WriteStateAsync(StateNames.CaseDay, day.GetGrainId(), new GrainState<CaseDayGrain.State>(old));

        Assert.Equal(old.Cases[100].CaseNumber, await day.Register(old.Cases[100] with { CaseNumber = "" }));
        Assert.Equal($"CS-{key}-{CaseDayGrain.PageSize + 41:D4}", await day.Register(Line(0)));
        Assert.Equal([CaseDayGrain.PageSize + 40, 1], StoredPages(key));

        await fixture.Cluster.DeactivateAsync(day);
        Assert.Equal(CaseDayGrain.PageSize + 41, (await day.List()).Length);
    }

    /// <summary>The number of lines in each stored page of the day, in page order.</summary>
    [Fact]
    public async Task AQueryCountsAndSlicesTheMatchingLinesNewestFirstAsAFullListingWould()
    {
        var key = "20990103";
        var day = Grains.GetGrain<ICaseDayGrain>(key);
        var start = new DateTimeOffset(2099, 1, 3, 1, 0, 0, TimeSpan.Zero);
        var statuses = new[] { CaseStatus.Received, CaseStatus.Consulting, CaseStatus.Decided };
        var matters = new[] { "school-bus", "highway-occupation" };
        // Registered out of time order, some at the same instant, across more than one page.
        foreach (var i in Enumerable.Range(0, CaseDayGrain.PageSize + 60).OrderBy(i => (i * 37) % 101))
        {
            await day.Register(new CaseSummary(Guid.NewGuid(), "", matters[i % 2], i % 5 == 0 ? $"王{i}" : $"李{i}", statuses[i % 3],
                start.AddMinutes(i / 2), "window"));
        }

        var pendingId = Guid.NewGuid();
        var all = await day.List();
        Assert.False((await day.Query(new CaseQuery(start, start.AddDays(1)), 0, 0)).HasPending);
        await day.Register(new CaseSummary(pendingId, "", "school-bus", "王未定", CaseStatus.Received, start.AddHours(3), "window", Pending: true));

        CaseQuery[] queries =
        [
            new(start, start.AddDays(1)),
            new(start.AddMinutes(30), start.AddMinutes(90), Status: CaseStatus.Consulting),
            new(start, start.AddDays(1), Matter: "school-bus", Search: "王"),
            new(start, start.AddDays(1), Search: all[7].CaseNumber),
            new(start, start.AddDays(1), Search: "无此人"),
        ];
        foreach (var query in queries)
        {
            var expected = all.Where(query.Matches).OrderByDescending(l => l.CreatedAt).ToList();
            var counted = await day.Query(query, 0, 0);
            Assert.Equal(expected.Count, counted.Count);
            Assert.True(counted.HasPending);
            Assert.Empty(counted.Lines);
            foreach (var (skip, take) in new[] { (0, 10), (5, 20), (expected.Count - 3, 10), (expected.Count + 1, 5) })
            {
                var slice = await day.Query(query, Math.Max(skip, 0), take);
                Assert.Equal(expected.Count, slice.Count);
                Assert.Equal(expected.Skip(Math.Max(skip, 0)).Take(take).Select(l => l.CaseId).ToArray(), slice.Lines.Select(l => l.CaseId).ToArray());
            }
        }

        Assert.DoesNotContain(pendingId, (await day.Query(queries[0], 0, 1000)).Lines.Select(l => l.CaseId));
    }

    private List<int> StoredPages(string key) =>
        [.. fixture.StoredRows<CaseDayGrain.State>(key, StateNames.CaseDay + "%")
            .OrderBy(r => r.Key == StateNames.CaseDay ? 0 : int.Parse(r.Key[(StateNames.CaseDay.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture))
            .Select(r => r.Value.Cases.Count)];
}
