using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;
using static Consult.E2E.Tests.PageHelpers;

namespace Consult.E2E.Tests;

/// <summary>
/// The applicant answers the one complete supplement notice from a phone, through the tracking
/// link, in zh-CN and English; the board then shows the decisions on the old version as stale.
/// </summary>
[Collection(BrowserCollection.Name)]
[ClosePagesAfterTest]
public sealed class ApplicantSupplementTests(BrowserFixture fixture)
{
    [Fact]
    public async Task TheApplicantUploadsTheSupplementFromAPhoneInChineseAndTheBoardShowsTheOldDecisionsStale()
    {
        var (caseId, roomId, path) = await Supplemented();
        var applicant = await fixture.NewPage(phone: true);
        try
        {
            await applicant.GotoAsync(path);
            await BrowserFixture.Ready(applicant);
            var notice = applicant.Locator("[data-testid=supplement-notice]");
            await Assertions.Expect(notice).ToContainTextAsync("补正材料通知（一次性告知）");
            await Assertions.Expect(notice.Locator("[data-testid=supplement-request]")).ToContainTextAsync("公路管理机构");
            await Assertions.Expect(notice).ToContainTextAsync("施工方案缺少夜间施工安排");
            await Assertions.Expect(notice).ToContainTextAsync("请补充应急预案");

            // A wrong file is refused on the page, in Chinese.
            await applicant.Locator("[data-testid=supplement-file]").SetInputFilesAsync(new FilePayload { Name = "说明.html", MimeType = "text/html", Buffer = Encoding.UTF8.GetBytes("<p>x</p>") });
            await Assertions.Expect(applicant.Locator("[data-testid=supplement-error]")).ToContainTextAsync("文件类型不支持");
            await Assertions.Expect(applicant.Locator("[data-testid=supplement-error]")).Not.ToContainTextAsync("type");

            await applicant.Locator("[data-testid=supplement-file]").SetInputFilesAsync(new[]
            {
                Pdf("施工方案（补正）.pdf"),
                Pdf("应急方案.pdf"),
            });
            await Assertions.Expect(applicant.Locator("[data-testid=supplement-file-row]")).ToHaveCountAsync(2);
            await Assertions.Expect(applicant.Locator("[data-testid=supplement-error]")).ToHaveCountAsync(0);
            await fixture.Screenshot(applicant, "applicant-supplement-zh-CN");
            await applicant.ClickAsync("[data-testid=supplement-submit]");

            await Assertions.Expect(applicant.Locator("[data-testid=supplement-done]")).ToContainTextAsync("符合有关技术标准、规范要求的设计和施工方案 第2版");
            await Assertions.Expect(applicant.Locator("[data-testid=supplement-done]")).ToContainTextAsync("应急方案 第1版");
            await Assertions.Expect(applicant.Locator("[data-testid=supplement-resubmitted]")).ToContainTextAsync("已于");
            await Assertions.Expect(applicant.Locator("[data-testid=supplement-upload]")).ToHaveCountAsync(0);
            await fixture.Screenshot(applicant, "applicant-supplement-done-zh-CN");

            // The staff: the decisions cast on version 1 are stale on the board; the case page's checklist.
            var window = await fixture.SignIn("window");
            await window.GotoAsync($"/rooms/{roomId}");
            await BrowserFixture.Ready(window);
            await Assertions.Expect(window.Locator("[data-testid=seat-stale]")).ToHaveCountAsync(2);
            await Assertions.Expect(window.Locator("[data-testid=seat-stale]").First).ToContainTextAsync("材料已更新");
            await fixture.Screenshot(window, "board-stale-zh-CN");
            await window.GotoAsync($"/cases/{caseId}");
            await BrowserFixture.Ready(window);
            await Assertions.Expect(window.Locator("[data-testid=checklist-item][data-present=true]")).ToHaveCountAsync(2);
            await Assertions.Expect(window.Locator("[data-testid=checklist-item][data-present=false]")).ToHaveCountAsync(3);
            await Assertions.Expect(window.Locator("[data-testid=supplement-resubmitted]")).ToBeVisibleAsync();
            await fixture.Screenshot(window, "case-materials-checklist-zh-CN");
        }
        catch
        {
            await fixture.CaptureAll("failed-applicant-supplement-zh");
            throw;
        }
    }

    [Fact]
    public async Task TheApplicantUploadsTheSupplementFromAPhoneInEnglish()
    {
        var (_, _, path) = await Supplemented();
        var applicant = await fixture.NewPage(phone: true);
        try
        {
            await applicant.GotoAsync(path);
            await BrowserFixture.Ready(applicant);
            await applicant.ClickAsync("[data-testid=lang-switch]");
            await applicant.WaitForURLAsync(url => url.EndsWith(path, StringComparison.Ordinal));
            await BrowserFixture.Ready(applicant);
            var notice = applicant.Locator("[data-testid=supplement-notice]");
            await Assertions.Expect(notice).ToContainTextAsync("Supplement notice (everything asked, at once)");
            await Assertions.Expect(notice).ToContainTextAsync("施工方案缺少夜间施工安排");

            await applicant.Locator("[data-testid=supplement-file]").SetInputFilesAsync(new FilePayload { Name = "run.exe", MimeType = "application/x-msdownload", Buffer = [1, 2, 3] });
            await Assertions.Expect(applicant.Locator("[data-testid=supplement-error]")).ToContainTextAsync("“run.exe” is not a supported type");

            await applicant.Locator("[data-testid=supplement-file]").SetInputFilesAsync(Pdf("construction plan (revised).pdf"));
            await fixture.Screenshot(applicant, "applicant-supplement-en");
            await applicant.ClickAsync("[data-testid=supplement-submit]");

            await Assertions.Expect(applicant.Locator("[data-testid=supplement-done]")).ToContainTextAsync("Submitted: Design and construction plan meeting the technical standards version 2");
            await Assertions.Expect(applicant.Locator("[data-testid=supplement-resubmitted]")).ToContainTextAsync("Supplement submitted");
        }
        catch
        {
            await fixture.CaptureAll("failed-applicant-supplement-en");
            throw;
        }
    }

    private static FilePayload Pdf(string name) =>
        new() { Name = name, MimeType = "application/pdf", Buffer = Encoding.UTF8.GetBytes("%PDF-1.4 " + name + " " + Guid.NewGuid()) };

    /// <summary>A highway-occupation case with its plan (version 1) whose room closed asking the applicant for a supplement.</summary>
    private async Task<(string CaseId, string RoomId, string Path)> Supplemented()
    {
        using var window = await fixture.Node.Http("window");
        using var road = await fixture.Node.Http("road-admin");
        using var police = await fixture.Node.Http("traffic-police");
        var created = await Json(await window.PostAsJsonAsync("/api/v1/cases", new
        {
            matterCode = "highway-occupation",
            applicant = new { name = "王强", phone = "13900139000", organization = "县自来水公司" },
            summary = "沿县道铺设供水管道，需占用公路",
        }));
        var caseId = created.GetProperty("caseId").GetString()!;
        var plan = new ByteArrayContent(Encoding.UTF8.GetBytes("%PDF-1.4 施工方案 v1 " + Guid.NewGuid()));
        plan.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        await Json(await window.PostAsync($"/api/v1/cases/{caseId}/materials", new MultipartFormDataContent { { plan, "file", "施工方案.pdf" } }));
        var roomId = (await Json(await window.PostAsJsonAsync($"/api/v1/cases/{caseId}/consultations",
            new { departments = new[] { "road-admin", "traffic-police" } }))).GetProperty("roomId").GetString()!;
        await Json(await police.PostAsJsonAsync($"/api/v1/consultations/{roomId}/decisions", new { department = "traffic-police", outcome = "approve", idempotencyKey = "e2e-police-1" }));
        await Json(await road.PostAsJsonAsync($"/api/v1/consultations/{roomId}/decisions",
            new { department = "road-admin", outcome = "requestSupplement", comment = "施工方案缺少夜间施工安排\n请补充应急预案", idempotencyKey = "e2e-road-1" }));
        await Json(await window.PostAsJsonAsync($"/api/v1/consultations/{roomId}/close", new { statement = "请申请人一次性补正以下材料" }));
        return (caseId, roomId, new Uri(created.GetProperty("trackingUrl").GetString()!).AbsolutePath);
    }
}
