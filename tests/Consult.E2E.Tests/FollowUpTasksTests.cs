using System.Net.Http.Json;
using Microsoft.Playwright;
using UglyToad.PdfPig;
using static Consult.E2E.Tests.PageHelpers;

namespace Consult.E2E.Tests;

/// <summary>
/// Follow-through from the departments' side: road administration marks its condition done from
/// its inbox and the case page in Chinese with a photo, the traffic police theirs in English, and
/// the applicant's page on a phone follows the progress live to the completed case.
/// </summary>
[Collection(BrowserCollection.Name)]
[ClosePagesAfterTest]
public sealed class FollowUpTasksTests(BrowserFixture fixture)
{
    private const string Barrier = "施工区设置连续硬质围挡";
    private const string Hours = "高峰时段（7:00-9:00）停止占道作业";

    [Fact]
    public async Task DepartmentsMarkTheirTasksDoneFromTheUiInBothLanguagesAndTheApplicantSeesTheProgress()
    {
        try
        {
            await Scenario();
        }
        catch
        {
            await fixture.CaptureAll("failed-tasks");
            throw;
        }
    }

    private async Task Scenario()
    {
        var (caseId, caseNumber, token, _) = await CloseWithConditions(fixture);

        // The applicant follows on a phone: nothing done yet.
        var applicant = await fixture.NewPage(phone: true);
        await applicant.GotoAsync($"/track/{token}");
        await BrowserFixture.Ready(applicant);
        await Assertions.Expect(applicant.Locator("[data-testid=track-follow-up-progress]")).ToContainTextAsync("已落实 0 项，共 2 项");

        // The convener keeps the case page open.
        var window = await fixture.SignIn("window");
        await window.GotoAsync($"/cases/{caseId}");
        await BrowserFixture.Ready(window);
        await Assertions.Expect(window.Locator("[data-testid=tasks-progress]")).ToHaveTextAsync("已落实 0 / 2");

        // Road administration finds its task in its inbox, and marks it done on the case page with a photo.
        var road = await fixture.SignIn("road-admin");
        await road.GotoAsync("/inbox");
        await BrowserFixture.Ready(road);
        var mine = road.Locator("[data-testid=my-tasks] [data-testid=follow-up-row]", new() { HasText = caseNumber });
        await Assertions.Expect(mine).ToContainTextAsync(Barrier);
        await mine.Locator("a").ClickAsync();
        await road.WaitForURLAsync($"**/cases/{caseId}");
        await BrowserFixture.Ready(road);
        var first = road.Locator("[data-testid=task][data-task='1']");
        await Assertions.Expect(first).ToHaveAttributeAsync("data-status", "open");
        // Not its department's: no button on the traffic police's task.
        await Assertions.Expect(road.Locator("[data-testid=task-done-2]")).ToHaveCountAsync(0);
        await road.Locator("[data-testid=task-photo-1]").SetInputFilesAsync(new FilePayload { Name = "围挡照片.png", MimeType = "image/png", Buffer = "\u0089PNG site photo"u8.ToArray() });
        await Field(road, "task-note-1").FillAsync("围挡已全线设置，现场核查通过");
        await Field(road, "task-note-1").PressAsync("Tab");
        await road.ClickAsync("[data-testid=task-done-1]");
        await Assertions.Expect(first).ToHaveAttributeAsync("data-status", "done");
        await Assertions.Expect(first.Locator("[data-testid=task-done-note]")).ToContainTextAsync("围挡已全线设置");
        await Assertions.Expect(first).ToContainTextAsync("围挡照片.png");
        await Assertions.Expect(road.Locator("[data-testid=tasks-progress]")).ToHaveTextAsync("已落实 1 / 2");
        await Assertions.Expect(road.Locator(".mud-snackbar")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        // The case is decided: its statutory clock says when and in how long, and counts no more.
        await Assertions.Expect(road.Locator("[data-testid=statutory-stopped]")).ToContainTextAsync("办结，用时 0 个工作日（在法定期限内）");
        await fixture.Screenshot(road, "case-tasks-zh-CN");

        // The convener's case page and the applicant's page moved by themselves.
        await Assertions.Expect(window.Locator("[data-testid=tasks-progress]")).ToHaveTextAsync("已落实 1 / 2");
        await Assertions.Expect(window.Locator("[data-testid=task][data-task='1']")).ToHaveAttributeAsync("data-status", "done");
        await Assertions.Expect(applicant.Locator("[data-testid=track-follow-up-progress]")).ToContainTextAsync("已落实 1 项，共 2 项");

        // The traffic police, in English, mark theirs: the last one completes the case.
        var police = await fixture.SignIn("traffic-police");
        await police.ClickAsync("[data-testid=lang-switch]");
        await Assertions.Expect(police.Locator("[data-testid=lang-switch]")).ToHaveTextAsync("中文");
        await BrowserFixture.Ready(police);
        await police.GotoAsync($"/cases/{caseId}");
        await BrowserFixture.Ready(police);
        await Assertions.Expect(police.Locator("[data-testid=tasks-progress]")).ToHaveTextAsync("1 of 2 done");
        await Assertions.Expect(police.Locator("[data-testid=task-done-2]")).ToHaveTextAsync("Mark done");
        await Field(police, "task-note-2").FillAsync("Work moved outside rush hours");
        await Field(police, "task-note-2").PressAsync("Tab");
        await police.ClickAsync("[data-testid=task-done-2]");
        await Assertions.Expect(police.Locator("[data-testid=tasks-progress]")).ToHaveTextAsync("2 of 2 done");
        await Assertions.Expect(police.Locator("[data-testid=case-status]")).ToHaveTextAsync("Completed");
        await Assertions.Expect(police.Locator(".mud-snackbar")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        await Assertions.Expect(police.Locator("[data-testid=statutory-stopped]")).ToContainTextAsync("after 0 working days (within the legal limit)");
        await fixture.Screenshot(police, "case-tasks-en");

        await Assertions.Expect(applicant.Locator("[data-testid=track-follow-up-progress]")).ToContainTextAsync("已落实 2 项，共 2 项");
        await Assertions.Expect(window.Locator("[data-testid=case-status]")).ToHaveTextAsync("已办结");
        await Assertions.Expect(applicant.Locator("[data-testid=track-status]")).ToHaveAttributeAsync("data-status", "Completed");
        // The departments' notes stay inside.
        await Assertions.Expect(applicant.Locator("body")).Not.ToContainTextAsync("现场核查通过");
        await fixture.Screenshot(applicant, "track-tasks-zh-CN");
        await applicant.ClickAsync("[data-testid=lang-switch]");
        await BrowserFixture.Ready(applicant);
        await Assertions.Expect(applicant.Locator("[data-testid=track-follow-up-progress]")).ToContainTextAsync("2 of 2 conditions carried out");
        await fixture.Screenshot(applicant, "track-tasks-en");
    }

    [Fact]
    public async Task TheJointRecordPagePrintsWithoutTheAppBarOrButtons()
    {
        var (_, caseNumber, _, roomId) = await CloseWithConditions(fixture);
        var window = await fixture.SignIn("window");
        await window.GotoAsync($"/rooms/{roomId}");
        await BrowserFixture.Ready(window);
        await window.ClickAsync("[data-testid=record-print-view]");
        await BrowserFixture.Ready(window);
        await Assertions.Expect(window.Locator("[data-testid=record-sheet-case]")).ToHaveTextAsync(caseNumber);
        await Assertions.Expect(window.Locator(".mud-appbar")).ToBeVisibleAsync();
        await fixture.Screenshot(window, "record-print-view-zh-CN");

        var path = Path.Combine(fixture.OutputFolder, "record-print-zh-CN.pdf");
        var bytes = await window.PdfAsync(new PagePdfOptions { Path = path, Format = "A4", PrintBackground = true });
        using var pdf = PdfDocument.Open(bytes);
        var text = string.Concat(pdf.GetPages().SelectMany(p => p.Text).Where(c => !char.IsWhiteSpace(c)));
        Assert.Contains(caseNumber, text, StringComparison.Ordinal);
        Assert.Contains("联合会商纪要", text, StringComparison.Ordinal);
        Assert.Contains(Barrier, text, StringComparison.Ordinal);
        Assert.Contains("交警", text, StringComparison.Ordinal);
        // The app bar (title, language switch, user, sign-out) and the page's buttons are not printed.
        Assert.DoesNotContain("1+N联合会商", text, StringComparison.Ordinal);
        Assert.DoesNotContain("English", text, StringComparison.Ordinal);
        Assert.DoesNotContain("退出", text, StringComparison.Ordinal);
        Assert.DoesNotContain("返回会商", text, StringComparison.Ordinal);
        Assert.DoesNotContain("打印", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheWindowDownloadsTheAuditTrailAndCompletesACaseWithOpenTasksByHandWithAReason()
    {
        var (caseId, caseNumber, _, _) = await CloseWithConditions(fixture);
        var window = await fixture.SignIn("window");
        await window.GotoAsync($"/cases/{caseId}");
        await BrowserFixture.Ready(window);

        var download = await window.RunAndWaitForDownloadAsync(() => window.ClickAsync("[data-testid=audit-csv]"));
        Assert.Equal($"audit-{caseNumber}.csv", download.SuggestedFilename);
        var path = Path.Combine(fixture.OutputFolder, "audit.csv");
        await download.SaveAsAsync(path);
        var csv = await File.ReadAllBytesAsync(path);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csv[..3]);
        var text = System.Text.Encoding.UTF8.GetString(csv[3..]);
        Assert.StartsWith("source,at,caseNumber,roomId,seq,type,actor,detail", text, StringComparison.Ordinal);
        Assert.Contains(Barrier, text, StringComparison.Ordinal);

        // Two tasks open: the window must say why it completes the case anyway.
        await window.ClickAsync("[data-testid=complete-button]");
        await Assertions.Expect(window.Locator(".mud-snackbar")).ToContainTextAsync("请写明办结理由");
        await Assertions.Expect(window.Locator("[data-testid=case-status]")).ToHaveTextAsync("已决定");
        await Field(window, "complete-reason").FillAsync("申请人取消施工，条件无需落实");
        await Field(window, "complete-reason").PressAsync("Tab");
        await window.ClickAsync("[data-testid=complete-button]");
        await Assertions.Expect(window.Locator("[data-testid=case-status]")).ToHaveTextAsync("已办结");
        await Assertions.Expect(window.Locator("[data-testid=complete-case]")).ToHaveCountAsync(0);
        await Assertions.Expect(window.Locator("body")).ToContainTextAsync("申请人取消施工，条件无需落实");
    }

    /// <summary>road-admin and the traffic police approve with a condition each; the convener closes.</summary>
    private static async Task<(string CaseId, string CaseNumber, string Token, string RoomId)> CloseWithConditions(BrowserFixture fixture)
    {
        using var window = await fixture.Node.Http("window");
        var created = await Json(await window.PostAsJsonAsync("/api/v1/cases", new { matterCode = "highway-occupation", applicant = new { name = "赵明", phone = "13811112222", organization = "县自来水公司" }, summary = "供水管道改造需占用县道施工" }));
        var caseId = created.GetProperty("caseId").GetString()!;
        var roomId = (await Json(await window.PostAsJsonAsync($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "road-admin", "traffic-police" } }))).GetProperty("roomId").GetString()!;
        using var road = await fixture.Node.Http("road-admin");
        await Json(await road.PostAsJsonAsync($"/api/v1/consultations/{roomId}/decisions", new { department = "road-admin", outcome = "approveWithConditions", conditions = new[] { Barrier }, idempotencyKey = "e2e-tasks-road-" + caseId }));
        using var police = await fixture.Node.Http("traffic-police");
        await Json(await police.PostAsJsonAsync($"/api/v1/consultations/{roomId}/decisions", new { department = "traffic-police", outcome = "approveWithConditions", conditions = new[] { Hours }, idempotencyKey = "e2e-tasks-police-" + caseId }));
        await Json(await window.PostAsJsonAsync($"/api/v1/consultations/{roomId}/close", new { statement = "同意，附条件" }));
        return (caseId, created.GetProperty("caseNumber").GetString()!, created.GetProperty("trackingToken").GetString()!, roomId);
    }
}
