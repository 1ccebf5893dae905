using System.Net.Http.Json;
using Microsoft.Playwright;
using static Consult.E2E.Tests.PageHelpers;

namespace Consult.E2E.Tests;

/// <summary>The applicant's page on a phone: the statutory due date, its extension and the stages of a staged matter, in both languages.</summary>
[Collection(BrowserCollection.Name)]
[ClosePagesAfterTest]
public sealed class ApplicantDueDateTests(BrowserFixture fixture)
{
    [Fact]
    public async Task TheApplicantSeesTheDueDateTheExtensionAndTheCurrentStageInChineseAndEnglish()
    {
        // A school-bus permit past its first stage (education approved), extended by a manager.
        using var window = await fixture.Node.Http("window");
        using var manager = await fixture.Node.Http("manager");
        var created = await Json(await window.PostAsJsonAsync("/api/v1/cases", new
        {
            matterCode = "school-bus",
            applicant = new { name = "李明", phone = "13800138000", organization = "县第一小学" },
            summary = "申请使用非专用校车接送学生",
        }));
        var caseId = created.GetProperty("caseId").GetString();
        var roomId = (await Json(await window.PostAsJsonAsync($"/api/v1/cases/{caseId}/consultations", new { }))).GetProperty("roomId").GetString();
        // Recorded on education's behalf by the convener: the sign-in tests lock the education account.
        await Json(await window.PostAsJsonAsync($"/api/v1/consultations/{roomId}/decisions", new { department = "education", outcome = "approve", idempotencyKey = "e2e-edu-1", onBehalf = true }));
        await Json(await window.PostAsJsonAsync($"/api/v1/consultations/{roomId}/close", new { statement = "初审通过" }));
        var extended = await Json(await manager.PostAsJsonAsync($"/api/v1/cases/{caseId}/extensions", new { reason = "需组织专家评审" }));
        var due = extended.GetProperty("statutory").GetProperty("due").GetString()!;
        var path = new Uri(created.GetProperty("trackingUrl").GetString()!).AbsolutePath;

        var applicant = await fixture.NewPage(phone: true);
        try
        {
            await applicant.GotoAsync(path);
            await BrowserFixture.Ready(applicant);
            await Assertions.Expect(applicant.Locator("[data-testid=statutory-due]")).ToContainTextAsync(due);
            await Assertions.Expect(applicant.Locator("[data-testid=track-statutory]")).ToContainTextAsync("法定办结期限");
            await Assertions.Expect(applicant.Locator("[data-testid=statutory-extension]")).ToContainTextAsync("已延长10个工作日：需组织专家评审");
            await Assertions.Expect(applicant.Locator("[data-testid=stage]")).ToHaveCountAsync(4);
            await Assertions.Expect(applicant.Locator("[data-testid=stage][data-status=done]")).ToContainTextAsync("教育部门初审");
            await Assertions.Expect(applicant.Locator("[data-testid=stage][data-status=current]")).ToContainTextAsync("公安交警、交通运输部门审查");
            // Between stages the first stage's approval is not shown as the case's result.
            await Assertions.Expect(applicant.Locator("[data-testid=track-statement]")).ToHaveCountAsync(0);
            // No staff name reaches the applicant.
            await Assertions.Expect(applicant.Locator("[data-testid=track-statutory]")).Not.ToContainTextAsync("manager");
            await fixture.Screenshot(applicant, "applicant-due-date-zh-CN");

            await applicant.ClickAsync("[data-testid=lang-switch]");
            await applicant.WaitForURLAsync(url => url.EndsWith(path, StringComparison.Ordinal));
            await BrowserFixture.Ready(applicant);
            await Assertions.Expect(applicant.Locator("[data-testid=statutory-due]")).ToContainTextAsync(due);
            await Assertions.Expect(applicant.Locator("[data-testid=track-statutory]")).ToContainTextAsync("Decision due by");
            await Assertions.Expect(applicant.Locator("[data-testid=statutory-extension]")).ToContainTextAsync("Extended by 10 working days: 需组织专家评审");
            await Assertions.Expect(applicant.Locator("[data-testid=stage][data-status=current]")).ToContainTextAsync("Traffic police and transport review");
            await Assertions.Expect(applicant.Locator("[data-testid=stage][data-status=pending]").Last).ToContainTextAsync("County government decides");
            await fixture.Screenshot(applicant, "applicant-due-date-en");

            // The board of the case's room shows the same due date and stages to the staff.
            var board = await fixture.SignIn("window");
            await board.GotoAsync($"/rooms/{roomId}");
            await BrowserFixture.Ready(board);
            await Assertions.Expect(board.Locator("[data-testid=board-case-clock] [data-testid=statutory-due]")).ToContainTextAsync(due);
            await Assertions.Expect(board.Locator("[data-testid=board-case-clock] [data-testid=statutory-extension]")).ToContainTextAsync("中心主任 陈静");
            await Assertions.Expect(board.Locator("[data-testid=board-case-clock] [data-testid=stage][data-status=current]")).ToContainTextAsync("公安交警、交通运输部门审查");
            await fixture.Screenshot(board, "board-case-clock");
        }
        catch
        {
            await fixture.CaptureAll("failed-applicant-due-date");
            throw;
        }
    }
}
