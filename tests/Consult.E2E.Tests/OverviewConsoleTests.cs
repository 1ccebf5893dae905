using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Consult.E2E.Tests.PageHelpers;

namespace Consult.E2E.Tests;

/// <summary>
/// The manager's console as a manager uses it: the period in one tap or as a range of days, every
/// figure opening into its cases, the exports and the monthly report; the figures agree with the
/// case listing, and nothing but the figures is on the page.
/// </summary>
[Collection(BrowserCollection.Name)]
[ClosePagesAfterTest]
public sealed class OverviewConsoleTests(BrowserFixture fixture)
{
    private static readonly TimeSpan CentreOffset = TimeSpan.FromHours(8);

    [Fact]
    public async Task TheManagerOverviewShowsFiguresAndTheApplicantPageWorksOnAPhone()
    {
        var manager = await fixture.SignIn("manager");
        try
        {
            await Console(manager);
        }
        catch
        {
            await fixture.CaptureAll("failed-overview");
            throw;
        }

        var missing = await fixture.NewPage(phone: true);
        await missing.GotoAsync("/track/not-a-real-token");
        await BrowserFixture.Ready(missing);
        await missing.Locator("[data-testid=track-missing]").WaitForAsync();
    }

    private async Task Console(IPage manager)
    {
        await manager.GotoAsync("/overview");
        await BrowserFixture.Ready(manager);
        await manager.Locator("[data-testid=tile-received]").WaitForAsync();
        await Assertions.Expect(manager.Locator("h4", new() { HasText = "效能总览" })).ToBeVisibleAsync();
        await NoStrayCode(manager);
        // The cases received are the cases the listing has for the same period (counted apart: the day lines, not the figures).
        Assert.Equal(await Listed(manager), await Tile(manager, "tile-received"));
        await fixture.Screenshot(manager, "overview");

        // The export downloads with the page's own sign-in: a CSV with a byte-order mark and its header.
        var download = await manager.RunAndWaitForDownloadAsync(() => manager.ClickAsync("[data-testid=export-decisions]"));
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.Equal(System.Text.Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        Assert.StartsWith("caseNumber,matter,matterName", System.Text.Encoding.UTF8.GetString(bytes[3..]), StringComparison.Ordinal);

        // Another period in one tap: the figures and the export follow it (this year, from the centre's 1 January).
        await manager.ClickAsync("[data-testid=period-year]");
        await Assertions.Expect(manager.Locator("[data-testid=period-label]")).ToHaveTextAsync("今年");
        await Assertions.Expect(manager.Locator("[data-testid=tile-closed]")).ToContainTextAsync("办结会商（今年）");
        var today = DateTimeOffset.UtcNow.ToOffset(CentreOffset).Date;
        var january = new DateTimeOffset(today.Year, 1, 1, 0, 0, 0, CentreOffset).UtcDateTime;
        await Assertions.Expect(manager.Locator("[data-testid=export-decisions]")).ToHaveAttributeAsync("href",
            new Regex(Regex.Escape("from=" + Uri.EscapeDataString(january.ToString("O", CultureInfo.InvariantCulture)))));
        Assert.Equal(await Listed(manager), await Tile(manager, "tile-received"));
        await fixture.Screenshot(manager, "overview-this-year-zh-CN");

        // Any range of days from the picker (centre days; last month and this month side by side): the last two weeks.
        var first = today.AddDays(-13);
        await manager.ClickAsync("[data-testid=period-picker] input");
        await PickDay(manager, first);
        await PickDay(manager, today);
        var range = $"{first:yyyy-MM-dd} – {today:yyyy-MM-dd}";
        await Assertions.Expect(manager.Locator("[data-testid=period-label]")).ToHaveTextAsync(range);
        await Assertions.Expect(manager.Locator("[data-testid=tile-closed]")).ToContainTextAsync($"办结会商（{range}）");
        var from = new DateTimeOffset(first, CentreOffset).UtcDateTime;
        await Assertions.Expect(manager.Locator("[data-testid=export-decisions]")).ToHaveAttributeAsync("href",
            new Regex(Regex.Escape("from=" + Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture)))));
        var received = await Tile(manager, "tile-received");
        Assert.True(received > 0, "the cases of this run are received today");
        Assert.Equal(await Listed(manager), received);
        await NoStrayCode(manager);
        await fixture.Screenshot(manager, "overview-console-zh-CN");

        // Every figure opens into the cases behind it: as many rows as the tile says, and the same rows as CSV.
        await manager.ClickAsync("[data-testid=tile-received]");
        await manager.WaitForURLAsync(new Regex("/overview/figures/received"));
        await Assertions.Expect(manager.Locator("[data-testid=figure-title]")).ToHaveTextAsync("收件");
        await Assertions.Expect(manager.Locator("[data-testid=figure-count]")).ToHaveTextAsync($"共 {received} 条");
        Assert.Equal(received, await manager.Locator("[data-testid=figure-row]").CountAsync());
        await NoStrayCode(manager);
        await fixture.Screenshot(manager, "overview-drilldown-zh-CN");
        var rows = await manager.RunAndWaitForDownloadAsync(() => manager.ClickAsync("[data-testid=export-figure]"));
        var rowsCsv = System.Text.Encoding.UTF8.GetString((await File.ReadAllBytesAsync(await rows.PathAsync()))[3..]);
        Assert.StartsWith("figure,caseNumber,matter,matterName", rowsCsv, StringComparison.Ordinal);
        Assert.Equal(received, rowsCsv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1);

        // The monthly report, in English: the same page a manager prints.
        await manager.GotoAsync("/culture/en?redirect=/overview/report");
        await BrowserFixture.Ready(manager);
        await Assertions.Expect(manager.Locator("[data-testid=report-title]")).ToContainTextAsync("Joint consultation report");
        await manager.Locator("[data-testid=department-ranking]").WaitForAsync();
        await NoStrayCode(manager);
        await fixture.Screenshot(manager, "monthly-report-en");

        // The console in English reads the same way.
        await manager.GotoAsync("/overview");
        await BrowserFixture.Ready(manager);
        await Assertions.Expect(manager.Locator("h4", new() { HasText = "Overview" })).ToBeVisibleAsync();
        await manager.Locator("[data-testid=chart-outcomes]").WaitForAsync();
        await NoStrayCode(manager);
        await manager.GotoAsync("/culture/zh-CN?redirect=/overview");
    }

    /// <summary>Clicks a day in its month of the open picker.</summary>
    private static async Task PickDay(IPage page, DateTime day)
    {
        var month = page.Locator(".mud-popover-open .mud-picker-calendar-container",
            new() { Has = page.Locator(".mud-button-month", new() { HasText = $"{day.Year}年{day.Month}月" }) });
        var button = month.Locator(".mud-picker-calendar-day:not(.mud-hidden):not(.mud-adjacent-month)",
            new() { HasTextRegex = new Regex($"^\\s*{day.Day}\\s*$") });
        await Assertions.Expect(button).ToBeVisibleAsync();
        await button.ClickAsync();
    }

    private static async Task<int> Tile(IPage page, string testId) =>
        int.Parse((await page.Locator($"[data-testid={testId}] .mud-typography-h4").InnerTextAsync()).Trim(), CultureInfo.InvariantCulture);

    /// <summary>The case listing's total for the period the page shows (read from its export link).</summary>
    private async Task<int> Listed(IPage page)
    {
        var href = await page.Locator("[data-testid=export-decisions]").GetAttributeAsync("href");
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(new Uri("http://x"), href).Query);
        using var api = await fixture.Node.Http("manager");
        var listing = await Json(await api.GetAsync(
            $"/api/v1/cases?pageSize=1&from={Uri.EscapeDataString(query["from"]!)}&to={Uri.EscapeDataString(query["to"]!)}"));
        return listing.GetProperty("total").GetInt32();
    }
}
