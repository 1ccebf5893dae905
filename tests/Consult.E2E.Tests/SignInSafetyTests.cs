using Microsoft.Playwright;

namespace Consult.E2E.Tests;

/// <summary>What a person sees when sign-in protects them: a lock after repeated failures, and a sign-out that really ends the session.</summary>
[Collection(BrowserCollection.Name)]
[ClosePagesAfterTest]
public sealed class SignInSafetyTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("zh-CN", "education", "登录失败次数过多")]
    [InlineData("en", "health", "Too many failed attempts")]
    public async Task RepeatedWrongPasswordsLockTheUserNameWithAClearMessage(string culture, string userName, string message)
    {
        var page = await fixture.NewPage(phone: true);
        if (culture == "en")
            await page.GotoAsync("/culture/en?redirect=/login");
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await page.GotoAsync("/login");
            await page.FillAsync("#userName", userName);
            await page.FillAsync("#password", "not-the-password-" + attempt);
            await page.ClickAsync("[data-testid=login-submit]");
            await page.Locator("[data-testid=login-error]").WaitForAsync();
        }

        var error = await page.Locator("[data-testid=login-error]").InnerTextAsync();
        Assert.Contains(message, error, StringComparison.Ordinal);
        await fixture.Screenshot(page, $"sign-in-locked-{culture}");

        // The right password waits for the lock to end too.
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", LiveNodePassword);
        await page.ClickAsync("[data-testid=login-submit]");
        await page.Locator("[data-testid=login-error]").WaitForAsync();
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterSigningOutTheBackButtonShowsNoCasesAndTheOldCookieIsRefused()
    {
        var page = await fixture.SignIn("window2");
        await page.GotoAsync("/cases");
        await BrowserFixture.Ready(page);
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "consult.auth");

        await page.Locator("form[action='/account/logout'] button").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/login", StringComparison.Ordinal));

        // Someone who copied the cookie before the sign-out gets nothing with it.
        var replay = await fixture.NewPage();
        await replay.Context.AddCookiesAsync([new Cookie { Name = cookie.Name, Value = cookie.Value, Domain = cookie.Domain, Path = cookie.Path }]);
        await replay.GotoAsync("/cases");
        await replay.WaitForURLAsync(url => url.Contains("/login", StringComparison.Ordinal));
        var me = await replay.APIRequest.GetAsync("/api/v1/auth/me");
        Assert.Equal(401, me.Status);
    }

    private static string LiveNodePassword => Consult.Server.Tests.Fixtures.LiveNode.Password;
}
