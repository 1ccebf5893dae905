using System.Net.Http.Json;
using Microsoft.Playwright;
using static Consult.E2E.Tests.PageHelpers;

namespace Consult.E2E.Tests;

/// <summary>
/// The administrator edits a matter on its page as they would: a shorter time limit and one more
/// department; the save is version 2, the earlier one listed beside it, the change in the trail.
/// Then the same page in English.
/// </summary>
[Collection(BrowserCollection.Name)]
[ClosePagesAfterTest]
public sealed class AdminMattersTests(BrowserFixture fixture)
{
    [Fact]
    public async Task AnAdministratorEditsAMatterAndItsNextVersionIsListedWithTheEarlierOne()
    {
        var code = "ad-" + Guid.NewGuid().ToString("N")[..8];
        var api = await fixture.Node.Http("admin");
        await Json(await api.PostAsJsonAsync("/api/v1/admin/matters", new
        {
            code,
            name = new { zh = "公路用地内设置非公路标志", en = "Non-highway signs on highway land" },
            departments = new object[] { new { department = "road-admin", role = "required" }, new { department = "traffic-police", role = "required" } },
            rule = "unanimous",
            timeLimitMinutes = 180,
            legalLimitWorkingDays = 20,
            materials = new[] { new { zh = "申请书", en = "Written application" }, new { zh = "标志设置方案", en = "Sign placement plan" } },
            legalBasis = "《公路安全保护条例》第27条第（五）项",
            legacy = new { departments = 2, minutes = 0, workingDays = 20 },
        }));

        var admin = await fixture.SignIn("admin");
        try
        {
            await admin.Locator("[data-testid=nav-matters]").ClickAsync();
            await admin.WaitForURLAsync(url => url.EndsWith("/admin/matters", StringComparison.Ordinal));
            await BrowserFixture.Ready(admin);
            var row = admin.Locator($"[data-testid=matter-row][data-code={code}]");
            await Assertions.Expect(row.Locator("[data-testid=matter-version]")).ToHaveTextAsync("第 1 版");
            await row.Locator("[data-testid=matter-edit]").ClickAsync();
            await admin.WaitForURLAsync(url => url.EndsWith($"/admin/matters/{code}", StringComparison.Ordinal));
            await BrowserFixture.Ready(admin);
            await Assertions.Expect(admin.Locator("[data-testid=matter-title]")).ToHaveTextAsync("编辑事项：公路用地内设置非公路标志");

            await Field(admin, "matter-limit").FillAsync("90");
            await admin.Keyboard.PressAsync("Tab");
            await admin.ClickAsync("[data-testid=seat-add]");
            var added = admin.Locator("[data-testid=matter-seat-row]").Nth(2);
            await added.Locator("[data-testid=seat-department]").ClickAsync();
            await admin.Locator(".mud-popover-open .mud-list-item", new() { HasText = "交通运输局" }).ClickAsync();
            await added.Locator("[data-testid=seat-role]").ClickAsync();
            await admin.Locator(".mud-popover-open .mud-list-item", new() { HasText = "咨询" }).ClickAsync();
            await admin.ClickAsync("[data-testid=matter-save]");

            await admin.Locator(".mud-snackbar", new() { HasText = "已保存：公路用地内设置非公路标志（第 2 版）" }).WaitForAsync();
            await Assertions.Expect(admin.Locator("[data-testid=matter-current-version]")).ToHaveTextAsync("第 2 版");
            var newest = admin.Locator("[data-testid=matter-version-row]").First;
            await Assertions.Expect(newest).ToHaveAttributeAsync("data-version", "2");
            await Assertions.Expect(newest).ToContainTextAsync("交通运输局 · 咨询");
            await Assertions.Expect(newest).ToContainTextAsync("90 分钟");
            await Assertions.Expect(admin.Locator("[data-testid=matter-version-row][data-version='1']")).ToContainTextAsync("180 分钟");
            var trail = admin.Locator($"[data-testid=trail-row][data-subject={code}]");
            await Assertions.Expect(trail).ToHaveCountAsync(2);
            await Assertions.Expect(trail.First).ToContainTextAsync("会商时限（分钟）: 180 → 90");
            await Assertions.Expect(trail.First).ToContainTextAsync("→ 公路管理机构（路政） · 必选、公安交警 · 必选、交通运输局 · 咨询");
            await admin.EvaluateAsync("window.scrollTo(0, 0)");
            await fixture.Screenshot(admin, "matter-editor-zh-CN");

            // What the API now serves is what the page saved.
            var saved = await Json(await api.GetAsync($"/api/v1/admin/matters/{code}"));
            Assert.Equal((2, 90), (saved.GetProperty("version").GetInt32(), saved.GetProperty("timeLimitMinutes").GetInt32()));
            var seat = saved.GetProperty("departments")[2];
            Assert.Equal(("transport", "advisory"), (seat.GetProperty("department").GetString(), seat.GetProperty("role").GetString()));

            await admin.GotoAsync($"/culture/en?redirect=/admin/matters/{code}");
            await BrowserFixture.Ready(admin);
            await Assertions.Expect(admin.Locator("[data-testid=matter-title]")).ToHaveTextAsync("Edit matter: Non-highway signs on highway land");
            await Assertions.Expect(admin.Locator("[data-testid=matter-current-version]")).ToHaveTextAsync("version 2");
            await Assertions.Expect(admin.Locator("[data-testid=matter-version-row]").First).ToContainTextAsync("Transport Bureau · Advisory");
            await Assertions.Expect(admin.Locator($"[data-testid=trail-row][data-subject={code}]").First).ToContainTextAsync("time limit (min): 180 → 90");
            await fixture.Screenshot(admin, "matter-editor-en");
        }
        catch
        {
            await fixture.CaptureAll("failed-admin-matters");
            throw;
        }
    }
}
