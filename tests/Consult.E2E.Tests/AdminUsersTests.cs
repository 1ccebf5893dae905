using Microsoft.Playwright;
using static Consult.E2E.Tests.PageHelpers;

namespace Consult.E2E.Tests;

/// <summary>
/// The administrator's desk for accounts, as the administrator and the person use it: find, create,
/// disable and enable, reset a password; the person signs in with the temporary one and must choose
/// their own first; every step is in the administration trail. Then the page in English.
/// </summary>
[Collection(BrowserCollection.Name)]
[ClosePagesAfterTest]
public sealed class AdminUsersTests(BrowserFixture fixture)
{
    [Fact]
    public async Task AnAdministratorCreatesDisablesEnablesAndResetsAnAccountAndThePersonChoosesANewPassword()
    {
        var userName = "he" + Guid.NewGuid().ToString("N")[..6];
        var admin = await fixture.SignIn("admin");
        try
        {
            await admin.Locator("[data-testid=nav-users]").ClickAsync();
            await admin.WaitForURLAsync(url => url.EndsWith("/admin/users", StringComparison.Ordinal));
            await BrowserFixture.Ready(admin);
            await Field(admin, "user-search").FillAsync("road");
            await Assertions.Expect(admin.Locator("[data-testid=user-row][data-user=road-admin]")).ToBeVisibleAsync();
            await Assertions.Expect(admin.Locator("[data-testid=user-row][data-user=window]")).ToHaveCountAsync(0);

            await admin.ClickAsync("[data-testid=user-new]");
            await Field(admin, "user-form-username").FillAsync(userName);
            await Field(admin, "user-form-password").FillAsync("first-password-1");
            await Field(admin, "user-form-displayname").FillAsync("住建局 何平");
            await Field(admin, "user-form-phone").FillAsync("13900003333");
            await admin.Locator("[data-testid=user-form-role]").ClickAsync();
            await admin.Locator(".mud-popover-open .mud-list-item", new() { HasText = "部门代表" }).ClickAsync();
            await admin.Locator("[data-testid=user-form-department]").ClickAsync();
            await admin.Locator(".mud-popover-open .mud-list-item", new() { HasText = "住房和城乡建设局" }).ClickAsync();
            await admin.ClickAsync("[data-testid=user-form-save]");
            await admin.Locator(".mud-snackbar", new() { HasText = "已保存：住建局 何平" }).WaitForAsync();

            await Field(admin, "user-search").FillAsync("何平");
            var row = admin.Locator($"[data-testid=user-row][data-user={userName}]");
            await Assertions.Expect(row).ToContainTextAsync("部门代表 · 住房和城乡建设局");
            await Assertions.Expect(row.Locator("[data-testid=user-status]")).ToHaveAttributeAsync("data-status", "active");

            await row.Locator("[data-testid=user-disable]").ClickAsync();
            await Assertions.Expect(row.Locator("[data-testid=user-status]")).ToHaveTextAsync("已停用");
            await row.Locator("[data-testid=user-enable]").ClickAsync();
            await Assertions.Expect(row.Locator("[data-testid=user-status]")).ToHaveTextAsync("启用");

            await row.Locator("[data-testid=user-reset]").ClickAsync();
            await Assertions.Expect(row.Locator("[data-testid=user-status]")).ToHaveTextAsync("待改密码");
            var temporary = await admin.Locator("[data-testid=user-temporary-password]").InnerTextAsync();
            Assert.Equal(10, temporary.Length);
            var trail = admin.Locator($"[data-testid=trail-row][data-subject={userName}]");
            await Assertions.Expect(trail).ToHaveCountAsync(4);
            await Assertions.Expect(trail.First).ToContainTextAsync("重置密码");
            await fixture.Screenshot(admin, "admin-users-zh-CN");

            // The person signs in with the temporary password: first a new password of their own.
            var person = await fixture.NewPage();
            await person.GotoAsync("/login");
            await person.FillAsync("#userName", userName);
            await person.FillAsync("#password", temporary);
            await person.ClickAsync("[data-testid=login-submit]");
            await person.WaitForURLAsync(url => url.Contains("/account/password", StringComparison.Ordinal));
            await Assertions.Expect(person.Locator("[data-testid=password-reason]")).ToContainTextAsync("管理员已重置您的密码");
            await person.FillAsync("#currentPassword", temporary);
            await person.FillAsync("#newPassword", "my-own-password-1");
            await person.FillAsync("#repeatPassword", "my-own-password-2");
            await person.ClickAsync("[data-testid=password-submit]");
            await Assertions.Expect(person.Locator("[data-testid=password-error]")).ToHaveTextAsync("两次输入的新密码不一致。");
            await fixture.Screenshot(person, "change-password-zh-CN");
            await person.FillAsync("#currentPassword", temporary);
            await person.FillAsync("#newPassword", "my-own-password-1");
            await person.FillAsync("#repeatPassword", "my-own-password-1");
            await person.ClickAsync("[data-testid=password-submit]");
            await person.WaitForURLAsync(url => !url.Contains("/account/", StringComparison.Ordinal) && !url.Contains("/login", StringComparison.Ordinal));
            await BrowserFixture.Ready(person);
            await Assertions.Expect(person.Locator("[data-testid=nav-users]")).ToHaveCountAsync(0);

            await admin.ReloadAsync();
            await BrowserFixture.Ready(admin);
            await Field(admin, "user-search").FillAsync(userName);
            await Assertions.Expect(admin.Locator($"[data-testid=user-row][data-user={userName}] [data-testid=user-status]")).ToHaveAttributeAsync("data-status", "active");

            // The same page in English.
            await admin.GotoAsync("/culture/en?redirect=/admin/users");
            await BrowserFixture.Ready(admin);
            await Assertions.Expect(admin.Locator("h4")).ToContainTextAsync("Users");
            await Field(admin, "user-search").FillAsync(userName);
            var english = admin.Locator($"[data-testid=user-row][data-user={userName}]");
            await Assertions.Expect(english).ToContainTextAsync("Department representative · Housing and Urban-Rural Development");
            await Assertions.Expect(english.Locator("[data-testid=user-status]")).ToHaveTextAsync("Active");
            await Assertions.Expect(admin.Locator($"[data-testid=trail-row][data-subject={userName}]").First).ToContainTextAsync("password reset");
            await fixture.Screenshot(admin, "admin-users-en");
        }
        catch
        {
            await fixture.CaptureAll("failed-admin-users");
            throw;
        }
    }

    [Fact]
    public async Task AnAdministratorAddsRenamesAndRetiresADepartment()
    {
        var code = "water-" + Guid.NewGuid().ToString("N")[..6];
        var admin = await fixture.SignIn("admin");
        try
        {
            await admin.Locator("[data-testid=nav-departments]").ClickAsync();
            await admin.WaitForURLAsync(url => url.EndsWith("/admin/departments", StringComparison.Ordinal));
            await BrowserFixture.Ready(admin);
            await Field(admin, "department-code").FillAsync(code);
            await Field(admin, "department-zh").FillAsync("水利局");
            await Field(admin, "department-en").FillAsync("Water Bureau");
            await admin.ClickAsync("[data-testid=department-add-save]");
            var row = admin.Locator($"[data-testid=department-row][data-code={code}]");
            await Assertions.Expect(row).ToContainTextAsync("水利局");

            await row.Locator("[data-testid=department-rename]").ClickAsync();
            await Field(admin, "department-rename-zh").FillAsync("水务局");
            await row.Locator("[data-testid=department-rename-save]").ClickAsync();
            await Assertions.Expect(row).ToContainTextAsync("水务局");
            await row.Locator("[data-testid=department-retire]").ClickAsync();
            await Assertions.Expect(row.Locator("[data-testid=department-status]")).ToHaveTextAsync("已停用");
            await admin.EvaluateAsync("window.scrollTo(0, 0)");
            await fixture.Screenshot(admin, "admin-departments-zh-CN");

            await admin.GotoAsync("/culture/en?redirect=/admin/departments");
            await BrowserFixture.Ready(admin);
            await Assertions.Expect(admin.Locator($"[data-testid=department-row][data-code={code}] [data-testid=department-status]")).ToHaveTextAsync("Retired");
        }
        catch
        {
            await fixture.CaptureAll("failed-admin-departments");
            throw;
        }
    }
}
