using System.Net.Http.Json;
using Microsoft.Playwright;
using static Consult.E2E.Tests.PageHelpers;

namespace Consult.E2E.Tests;

/// <summary>The whole scenario in real browsers: a window officer, three departments, the applicant, a manager.</summary>
[Collection(BrowserCollection.Name)]
[ClosePagesAfterTest]
public sealed class ConsultationScenarioTests(BrowserFixture fixture)
{
    [Fact]
    public async Task AWindowConvenesThreeDepartmentsWhoseDecisionsAppearLiveAndTheApplicantSeesTheResult()
    {
        try
        {
            await Scenario();
        }
        catch
        {
            await fixture.CaptureAll("failed-scenario");
            throw;
        }
    }

    private async Task Scenario()
    {
        // The window officer registers the case.
        var window = await fixture.SignIn("window");
        await window.GotoAsync("/cases/new");
        await BrowserFixture.Ready(window);
        await window.ClickAsync("[data-testid=matter-highway-occupation]");
        await window.Locator("[data-testid=matter-info]").WaitForAsync();
        await Field(window, "applicant-name").FillAsync("刘建国");
        await Field(window, "applicant-phone").FillAsync("13812345678");
        await Field(window, "applicant-org").FillAsync("县城投公司");
        await Field(window, "case-summary").FillAsync("人行道改造需占用县道X201半幅施工5天");
        await window.ClickAsync("[data-testid=register-case]");
        await window.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(url, "/cases/[0-9a-f-]{36}$"));
        await BrowserFixture.Ready(window);
        var caseNumber = await window.Locator("[data-testid=case-number]").InnerTextAsync();
        Assert.Matches(@"^CS-\d{8}-\d{4}$", caseNumber);
        var trackingUrl = await window.Locator("[data-testid=tracking-link]").InnerTextAsync();

        // It opens the consultation for three departments (the matter's notify seat unticked).
        await window.ClickAsync("[data-testid=seat-enforcement]");
        await window.ClickAsync("[data-testid=start-consultation]");
        await window.WaitForURLAsync(url => url.Contains("/rooms/", StringComparison.Ordinal));
        await BrowserFixture.Ready(window);
        var boardUrl = new Uri(window.Url).AbsolutePath;
        await Assertions.Expect(window.Locator("[data-testid=board-seats] [data-status]")).ToHaveCountAsync(3);
        await Expect(window, "[data-testid=joint-outcome]", "待定");

        // Three representatives, each in a browser of their own, decide; the window's board follows without reload.
        var decisions = new (string User, string Outcome, string? Conditions, string ExpectedStatus)[]
        {
            ("road-admin", "Approve", null, "status-approve"),
            ("traffic-police", "ApproveWithConditions", "施工区设置警示标志\n夜间施工配专人指挥", "status-conditions"),
            ("housing", "Approve", null, "status-approve"),
        };
        IPage? inbox = null;
        foreach (var (user, outcome, conditions, status) in decisions)
        {
            // The housing representative decides from a phone.
            var onPhone = user == "housing";
            var rep = await fixture.SignIn(user, phone: onPhone);
            await rep.GotoAsync("/inbox");
            await BrowserFixture.Ready(rep);
            await rep.Locator("[data-testid=invitation]", new() { HasText = caseNumber }).WaitForAsync();
            if (user == "road-admin")
            {
                inbox = rep;
                await fixture.Screenshot(rep, "inbox");
                rep = await fixture.SignIn(user);
            }

            await rep.GotoAsync(boardUrl);
            await BrowserFixture.Ready(rep);
            await rep.Locator($"[data-testid=my-decision] [data-testid=outcome-{outcome}]").First.ClickAsync();
            // Conditions are entered one a line.
            var lines = conditions?.Split('\n') ?? [];
            for (var i = 0; i < lines.Length; i++)
            {
                if (i > 0)
                    await rep.ClickAsync("[data-testid=my-decision] [data-testid=condition-add]");
                await rep.Locator("[data-testid=my-decision] [data-testid=decision-condition]").Nth(i).FillAsync(lines[i]);
            }

            if (onPhone)
                await fixture.Screenshot(rep, "board-phone");
            await rep.ClickAsync("[data-testid=my-decision] [data-testid=decision-submit]");

            await window.Locator($"[data-testid=seat-{user}][data-status={status}]").WaitForAsync();
        }

        await Expect(window, "[data-testid=joint-outcome]", "附条件许可");
        await Assertions.Expect(window.Locator("[data-testid=waiting]")).ToHaveCountAsync(0);
        await fixture.Screenshot(window, "board-decided");

        // The convener closes with the statement drafted from the merged conditions.
        var statement = await Field(window, "close-statement").InputValueAsync();
        Assert.Contains("施工区设置警示标志", statement);
        await window.ClickAsync("[data-testid=close-room]");
        await Expect(window, "body", "会商已结束");
        await fixture.Screenshot(window, "board-closed");

        // The applicant, on a phone, sees the final result without signing in.
        var applicant = await fixture.NewPage(phone: true);
        await applicant.GotoAsync(new Uri(trackingUrl).AbsolutePath);
        await BrowserFixture.Ready(applicant);
        await Expect(applicant, "[data-testid=track-status]", "附条件许可");
        await Expect(applicant, "body", "夜间施工配专人指挥");
        await fixture.Screenshot(applicant, "applicant");

        // The road administration's inbox no longer lists the closed room.
        await inbox!.ReloadAsync();
        await BrowserFixture.Ready(inbox);
        await Assertions.Expect(inbox.Locator("[data-testid=invitation]", new() { HasText = caseNumber })).ToHaveCountAsync(0);

        // English: one click, kept in a cookie.
        await window.ClickAsync("[data-testid=lang-switch]");
        await BrowserFixture.Ready(window);
        await Expect(window, "[data-testid=joint-outcome]", "Approved with conditions");
        await window.GotoAsync("/cases");
        await BrowserFixture.Ready(window);
        await Expect(window, "body", "Case number");
        await fixture.Screenshot(window, "cases-en");

        // The list, searched for this case, as a spreadsheet: the one case, its matter's Chinese name intact.
        await window.FillAsync("input[data-testid=case-search]", caseNumber);
        await window.PressAsync("input[data-testid=case-search]", "Enter");
        await Assertions.Expect(window.Locator("[data-testid=case-row]")).ToHaveCountAsync(1);
        var download = await window.RunAndWaitForDownloadAsync(() => window.ClickAsync("[data-testid=export-cases]"));
        var exported = System.Text.Encoding.UTF8.GetString((await File.ReadAllBytesAsync(await download.PathAsync()))[3..]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, exported.Length);
        Assert.Contains(caseNumber, exported[1], StringComparison.Ordinal);
        Assert.Contains("占用、挖掘公路施工许可", exported[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheBoardOpensOnTheNewestMessagesLoadsEarlierOnesAndShowsWhoIsPresentLive()
    {
        var window = await fixture.Node.Http("window");
        var created = await Json(await window.PostAsJsonAsync("/api/v1/cases", new { matterCode = "highway-occupation", applicant = new { name = "王五", phone = "13800138000" }, summary = "占道施工三天" }));
        var opened = await Json(await window.PostAsJsonAsync($"/api/v1/cases/{created.GetProperty("caseId").GetString()}/consultations", new { departments = new[] { "road-admin", "housing" } }));
        var roomId = opened.GetProperty("roomId").GetString();
        for (var i = 1; i <= 60; i++)
        {
            // Paced by the write limit: a refusal is retried after a second.
            while ((await window.PostAsJsonAsync($"/api/v1/consultations/{roomId}/messages", new { text = $"第{i}条意见", clientMessageId = $"m-{i}" })) is { IsSuccessStatusCode: false } refused)
            {
                Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, refused.StatusCode);
                await Task.Delay(1000);
            }
        }

        // The board opens on the newest page (the 50 events before it are the last 50 messages).
        var board = await fixture.SignIn("window");
        await board.GotoAsync($"/rooms/{roomId}");
        await BrowserFixture.Ready(board);
        var messages = board.Locator("[data-testid=messages] > div");
        await Assertions.Expect(messages).ToHaveCountAsync(50);
        await Assertions.Expect(messages.First).ToContainTextAsync("第11条意见");
        await board.ClickAsync("[data-testid=load-earlier]");
        await Assertions.Expect(messages).ToHaveCountAsync(60);
        await Assertions.Expect(messages.First).ToContainTextAsync("第1条意见");
        await Assertions.Expect(messages.Last).ToContainTextAsync("第60条意见");
        await Assertions.Expect(board.Locator("[data-testid=load-earlier]")).ToHaveCountAsync(0);

        // A representative opens the board: the window's board shows them present, and gone when they leave.
        // Present by name, not by user name.
        var present = board.Locator("[data-testid=seat-road-admin] [data-testid=present-people]");
        await Assertions.Expect(present).ToHaveCountAsync(0);
        var rep = await fixture.SignIn("road-admin");
        await rep.GotoAsync($"/rooms/{roomId}");
        await BrowserFixture.Ready(rep);
        await Assertions.Expect(present).ToHaveTextAsync("公路管理机构（路政） 张伟");
        await rep.CloseAsync();
        await Assertions.Expect(present).ToHaveCountAsync(0);
    }

    private static async Task<System.Text.Json.JsonElement> Json(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>());
    }

    [Fact]
    public async Task AWrongPasswordShowsAnErrorAndTheDemoAccounts()
    {
        var page = await fixture.NewPage();
        await page.GotoAsync("/login");
        await page.Locator("[data-testid=demo-accounts]").WaitForAsync();
        await page.FillAsync("#userName", "window");
        await page.FillAsync("#password", "wrong");
        await page.ClickAsync("[data-testid=login-submit]");
        await page.Locator("[data-testid=login-error]").WaitForAsync();
        await fixture.Screenshot(page, "login");
    }

    private static async Task Expect(IPage page, string selector, string text) =>
        await page.Locator(selector, new() { HasText = text }).First.WaitForAsync();
}
