using System.Net.Http.Json;
using Microsoft.Playwright;
using static Consult.E2E.Tests.PageHelpers;

namespace Consult.E2E.Tests;

/// <summary>
/// People are shown by name, not by user name: on the board (convener, deciders, the discussion) and
/// on the joint record's print view, the close credited to the window who closed it on the board, and
/// a deemed consent to the system; in Chinese and in English.
/// </summary>
[Collection(BrowserCollection.Name)]
[ClosePagesAfterTest]
public sealed class PeopleByNameTests(BrowserFixture fixture)
{
    private const string Window = "综合窗口 王敏";
    private const string Road = "公路管理机构（路政） 张伟";
    private const string Message = "方案已看过，可以施工";

    [Fact]
    public async Task TheBoardAndThePrintedRecordNamePeopleAndTheSystemInBothLanguages()
    {
        try
        {
            await Scenario();
        }
        catch
        {
            await fixture.CaptureAll("failed-people-by-name");
            throw;
        }
    }

    private async Task Scenario()
    {
        // Road administration approves and speaks; the traffic police say nothing and consent by the deadline, seconds away.
        using var api = await fixture.Node.Http("window");
        var created = await Json(await api.PostAsJsonAsync("/api/v1/cases", new { matterCode = "highway-occupation", applicant = new { name = "陈立", phone = "13812340000" }, summary = "路灯检修临时占道" }));
        var roomId = (await Json(await api.PostAsJsonAsync($"/api/v1/cases/{created.GetProperty("caseId").GetString()}/consultations", new
        {
            seats = new object[] { new { department = "road-admin" }, new { department = "traffic-police", deemedConsentOnTimeout = true } },
            deadline = DateTimeOffset.UtcNow.AddSeconds(6),
        }))).GetProperty("roomId").GetString();
        using (var road = await fixture.Node.Http("road-admin"))
        {
            await Json(await road.PostAsJsonAsync($"/api/v1/consultations/{roomId}/decisions", new { department = "road-admin", outcome = "approve", idempotencyKey = "e2e-names" }));
            await Json(await road.PostAsJsonAsync($"/api/v1/consultations/{roomId}/messages", new { text = Message, clientMessageId = "e2e-names-1" }));
        }

        var board = await fixture.SignIn("window");
        await board.GotoAsync($"/rooms/{roomId}");
        await BrowserFixture.Ready(board);
        var police = board.Locator("[data-testid=seat-traffic-police] [data-testid=person-name]");
        await police.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        await Assertions.Expect(police).ToHaveTextAsync("系统");
        await Assertions.Expect(board.Locator("[data-testid=board]")).ToContainTextAsync($"召集人: {Window}");
        await Assertions.Expect(board.Locator("[data-testid=seat-road-admin] [data-testid=person-name]")).ToHaveTextAsync(Road);
        await Assertions.Expect(board.Locator("[data-testid=messages]")).ToContainTextAsync(Road);
        await board.ClickAsync("[data-testid=close-room]");
        await board.Locator("[data-testid=record-hash]").WaitForAsync();
        await NoUserNames(board, "[data-testid=board]", "[data-testid=board-seats]", "[data-testid=messages]");
        await Assertions.Expect(board.Locator(".mud-snackbar")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        await fixture.Screenshot(board, "people-board-zh-CN");

        await board.GotoAsync($"/rooms/{roomId}/record");
        await BrowserFixture.Ready(board);
        await Assertions.Expect(board.Locator("[data-testid=record-sheet-convener]")).ToHaveTextAsync(Window);
        await Assertions.Expect(board.Locator("[data-testid=record-sheet-closed-by]")).ToHaveTextAsync(Window);
        await Assertions.Expect(board.Locator("[data-testid=record-sheet-seat] [data-testid=person-name]")).ToHaveTextAsync([Road, "系统"]);
        await NoUserNames(board, "[data-testid=record-sheet]");
        await fixture.Screenshot(board, "people-record-zh-CN");

        // English: the people keep their names; the system is "System".
        await board.ClickAsync("[data-testid=lang-switch]");
        await BrowserFixture.Ready(board);
        await Assertions.Expect(board.Locator("[data-testid=record-sheet-seat] [data-testid=person-name]")).ToHaveTextAsync([Road, "System"]);
        await Assertions.Expect(board.Locator("[data-testid=record-sheet-closed-by]")).ToHaveTextAsync(Window);
        await NoUserNames(board, "[data-testid=record-sheet]");
        await fixture.Screenshot(board, "people-record-en");

        await board.GotoAsync($"/rooms/{roomId}");
        await BrowserFixture.Ready(board);
        await Assertions.Expect(board.Locator("[data-testid=seat-traffic-police] [data-testid=person-name]")).ToHaveTextAsync("System");
        await Assertions.Expect(board.Locator("[data-testid=board]")).ToContainTextAsync($"Convener: {Window}");
        await NoUserNames(board, "[data-testid=board]", "[data-testid=board-seats]", "[data-testid=messages]");
        await fixture.Screenshot(board, "people-board-en");
    }

    /// <summary>None of the user names involved shows in the parts of the page named.</summary>
    private static async Task NoUserNames(IPage page, params string[] parts)
    {
        foreach (var part in parts)
        {
            var text = await page.Locator(part).InnerTextAsync();
            foreach (var userName in new[] { "window", "road-admin", "traffic-police", "system" })
                Assert.DoesNotContain(userName, text, StringComparison.Ordinal);
        }
    }
}
