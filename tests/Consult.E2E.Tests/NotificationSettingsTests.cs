using System.Net.Http.Json;
using Consult.Server.Tests.Fixtures;
using Microsoft.Playwright;
using static Consult.E2E.Tests.PageHelpers;

namespace Consult.E2E.Tests;

/// <summary>
/// The administrator chooses how a department hears of consultations, and the window sees on the
/// case page what was sent: one webhook that takes it (delivered), one that is down (still tried).
/// On a node of its own, configured with both webhooks.
/// </summary>
[Collection(BrowserCollection.Name)]
[ClosePagesAfterTest]
public sealed class NotificationSettingsTests(BrowserFixture fixture) : IAsyncLifetime
{
    private HttpSink _sink = null!;
    private LiveNode _node = null!;

    public async Task InitializeAsync()
    {
        _sink = await HttpSink.Start();
        _node = LiveNode.Temporary("consult-e2e-notify", new Dictionary<string, string>
        {
            ["Consult:Notifications:Webhooks:0:Url"] = new Uri(_sink.Address, "/hook").ToString(),
            ["Consult:Notifications:Webhooks:0:Secret"] = "e2e-secret",
            // Nothing listens there: the delivery stays pending, with its error shown.
            ["Consult:Notifications:Webhooks:1:Url"] = $"http://127.0.0.1:{FreePorts.Next()}/down",
            ["Consult:Notifications:Webhooks:1:Secret"] = "e2e-secret",
            ["Consult:Notifications:Webhooks:1:Types:0"] = "invitation",
        });
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _sink.DisposeAsync();
    }

    [Theory]
    [InlineData("zh-CN", "设置已保存。", "设置未保存：请检查邮箱地址和手机号的格式。", "已送达", "发送中", "会商邀请")]
    [InlineData("en", "Settings saved.", "Not saved: check the e-mail addresses and mobile numbers.", "Delivered", "Pending", "Invitation")]
    public async Task AnAdministratorSetsADepartmentsChannelsAndTheWindowSeesWhatWasSent(
        string culture, string saved, string invalid, string delivered, string pending, string invitation)
    {
        var admin = await SignIn("admin", culture, "/admin/notifications");
        try
        {
            var form = admin.Locator("[data-testid=notify-department]");
            await Assertions.Expect(form.Locator("[data-testid=notify-department-select]")).ToContainTextAsync(culture == "en" ? "Road Administration" : "公路管理机构");
            await Box(form, "notify-channel-email").CheckAsync();
            await Box(form, "notify-channel-dingTalk").CheckAsync();
            await Box(form, "notify-type-invitation").CheckAsync();
            await Box(form, "notify-type-card").CheckAsync();
            await Field(admin, "notify-emails").FillAsync("luzheng@road.example.gov.cn\nduty@road.example.gov.cn");
            await Field(admin, "notify-mobiles").FillAsync("13800000009");
            await form.Locator("[data-testid=notify-save]").ClickAsync();
            await Assertions.Expect(form.Locator("[data-testid=notify-saved]")).ToHaveTextAsync(saved);

            using var api = await _node.Http("admin");
            var stored = await Json(await api.GetAsync("/api/v1/notification-settings/departments/road-admin"));
            Assert.Equal(["email", "dingTalk"], stored.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal(["invitation", "card"], stored.GetProperty("types").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal(["luzheng@road.example.gov.cn", "duty@road.example.gov.cn"], stored.GetProperty("emails").EnumerateArray().Select(c => c.GetString()));
            await fixture.Screenshot(admin, $"notification-settings-{culture}");

            // A wrong address is refused in the reader's language, and nothing changes.
            await Field(admin, "notify-emails").FillAsync("not an address");
            await form.Locator("[data-testid=notify-save]").ClickAsync();
            await Assertions.Expect(form.Locator("[data-testid=notify-problem]")).ToHaveTextAsync(invalid);
            var after = await Json(await api.GetAsync("/api/v1/notification-settings/departments/road-admin"));
            Assert.Equal(stored.GetRawText(), after.GetRawText());

            // The window opens a room: the case page lists the webhook deliveries.
            using var window = await _node.Http("window");
            var created = await Json(await window.PostAsJsonAsync("/api/v1/cases", new
            {
                matterCode = "highway-occupation",
                applicant = new { name = "王五", phone = "13912345678", organization = "县供电公司" },
                summary = "电力管线改造需占道施工",
            }));
            var caseId = created.GetProperty("caseId").GetString();
            await Json(await window.PostAsJsonAsync($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "road-admin" } }));
            await _sink.WaitFor("/hook", seen => seen.Count > 0);

            var page = await SignIn("window", culture, $"/cases/{caseId}");
            var log = page.Locator("[data-testid=case-notifications]");
            await page.Locator("[data-testid=case-notifications-refresh]").ClickAsync();
            await Assertions.Expect(log.Locator("[data-testid=case-notification][data-status=delivered]")).ToHaveCountAsync(1);
            await Assertions.Expect(log.Locator("[data-testid=case-notification][data-status=pending]")).ToHaveCountAsync(1);
            await Assertions.Expect(log.Locator("[data-testid=case-notification][data-status=delivered]")).ToContainTextAsync(delivered);
            await Assertions.Expect(log.Locator("[data-testid=case-notification][data-status=pending]")).ToContainTextAsync(pending);
            await Assertions.Expect(log.Locator("[data-testid=case-notification]").First).ToContainTextAsync(invitation);
            await log.ScrollIntoViewIfNeededAsync();
            await fixture.Screenshot(page, $"case-notifications-{culture}");
        }
        catch
        {
            await fixture.CaptureAll($"failed-notification-settings-{culture}");
            throw;
        }
    }

    /// <summary>A MudBlazor check box's input, wherever the test id landed (wrapper or input).</summary>
    private static ILocator Box(ILocator scope, string testId) =>
        scope.Locator($"[data-testid={testId}]").Locator("xpath=descendant-or-self::input").First;

    private async Task<IPage> SignIn(string userName, string culture, string path)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _node.Address.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
            Locale = "zh-CN",
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", LiveNode.Password);
        await page.ClickAsync("[data-testid=login-submit]");
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        await page.GotoAsync(culture == "en" ? $"/culture/en?redirect={Uri.EscapeDataString(path)}" : path);
        await BrowserFixture.Ready(page);
        return page;
    }
}
