using System.Net.Http.Json;
using Microsoft.Playwright;
using static Consult.E2E.Tests.PageHelpers;

namespace Consult.E2E.Tests;

/// <summary>What staff do to the statutory clock from the case page: the window records a resubmission, a manager extends it.</summary>
[Collection(BrowserCollection.Name)]
[ClosePagesAfterTest]
public sealed class StatutoryClockUiTests(BrowserFixture fixture)
{
    [Fact]
    public async Task TheWindowResumesThePausedClockAndAManagerExtendsItFromTheCasePage()
    {
        using var window = await fixture.Node.Http("window");
        using var road = await fixture.Node.Http("road-admin");
        var caseId = (await Json(await window.PostAsJsonAsync("/api/v1/cases", new
        {
            matterCode = "highway-occupation",
            applicant = new { name = "赵六", phone = "13800138001" },
            summary = "燃气管道抢修占道",
        }))).GetProperty("caseId").GetString();
        var roomId = (await Json(await window.PostAsJsonAsync($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "road-admin" } }))).GetProperty("roomId").GetString();
        await Json(await road.PostAsJsonAsync($"/api/v1/consultations/{roomId}/decisions", new { department = "road-admin", outcome = "requestSupplement", comment = "请补充交通组织方案", idempotencyKey = "e2e-road-1" }));
        await Json(await window.PostAsJsonAsync($"/api/v1/consultations/{roomId}/close", new { statement = "请补正" }));

        try
        {
            var page = await fixture.SignIn("window");
            await page.GotoAsync($"/cases/{caseId}");
            await BrowserFixture.Ready(page);
            await Assertions.Expect(page.Locator("[data-testid=statutory-paused]")).ToContainTextAsync("补正材料期间暂停计时");
            await Field(page, "resubmitted-note").FillAsync("申请人已补交交通组织方案");
            await page.ClickAsync("[data-testid=resubmitted]");
            await Assertions.Expect(page.Locator("[data-testid=statutory-paused]")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("[data-testid=statutory-left]")).ToContainTextAsync("剩余");
            await Assertions.Expect(page.Locator("body")).ToContainTextAsync("恢复计时（材料已补正） 暂停0个工作日（不计入时限） · 申请人已补交交通组织方案");

            var manager = await fixture.SignIn("manager");
            await manager.GotoAsync($"/cases/{caseId}");
            await BrowserFixture.Ready(manager);
            var dueBefore = await manager.Locator("[data-testid=statutory]").GetAttributeAsync("data-due");
            await Field(manager, "extend-reason").FillAsync("需组织专家论证");
            await manager.ClickAsync("[data-testid=extend-statutory]");
            await Assertions.Expect(manager.Locator("[data-testid=statutory-extension]")).ToContainTextAsync("已延长10个工作日：需组织专家论证 · 中心主任 陈静");
            await Assertions.Expect(manager.Locator("[data-testid=extend-statutory]")).ToHaveCountAsync(0);
            var dueAfter = await manager.Locator("[data-testid=statutory]").GetAttributeAsync("data-due");
            var expected = (await Json(await window.GetAsync($"/api/v1/calendar/add-working-days?from={dueBefore}&days=10"))).GetProperty("date").GetString();
            Assert.Equal(expected, dueAfter);
            await fixture.Screenshot(manager, "case-clock-extended");
        }
        catch
        {
            await fixture.CaptureAll("failed-case-clock");
            throw;
        }
    }
}
