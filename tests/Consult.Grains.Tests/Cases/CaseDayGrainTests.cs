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
    private List<int> StoredPages(string key) =>
        [.. fixture.StoredRows<CaseDayGrain.State>(key, StateNames.CaseDay + "%")
            .OrderBy(r => r.Key == StateNames.CaseDay ? 0 : int.Parse(r.Key[(StateNames.CaseDay.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture))
            .Select(r => r.Value.Cases.Count)];
}
