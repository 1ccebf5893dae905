using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Consult.E2E.Tests.PageHelpers;

namespace Consult.E2E.Tests;

/// <summary>
/// The applicant's link in hand: the window gives it as a QR code (on screen and on the printed
/// receipt) or copies it; the applicant follows the case on a phone, in one language, and sees
/// what each department asks while the room is open.
/// </summary>
[Collection(BrowserCollection.Name)]
[ClosePagesAfterTest]
public sealed partial class ApplicantLinkTests(BrowserFixture fixture)
{
    [Fact]
    public async Task TheWindowHandsTheApplicantTheLinkAsAQrCodeACopyAndAPrintedReceipt()
    {
        var (caseId, caseNumber, trackingUrl) = await Register("王强", "县自来水公司", "沿县道铺设供水管道，需占用公路");
        var window = await fixture.SignIn("window");
        try
        {
            await window.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
            await window.GotoAsync($"/cases/{caseId}");
            await BrowserFixture.Ready(window);
            var panel = window.Locator("[data-testid=tracking-panel]");
            await Assertions.Expect(panel.Locator("[data-testid=tracking-link]")).ToHaveTextAsync(trackingUrl);
            Assert.Equal(trackingUrl, await DecodeQr(panel.Locator("[data-testid=tracking-qr]")));

            await panel.Locator("[data-testid=tracking-copy]").ClickAsync();
            await Assertions.Expect(window.Locator(".mud-snackbar")).ToContainTextAsync("已复制");
            Assert.Equal(trackingUrl, await window.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

            // This node has no SMS gateway: the button says why it cannot send.
            await Assertions.Expect(panel.Locator("[data-testid=tracking-sms]")).ToBeDisabledAsync();
            await Assertions.Expect(panel.Locator("[data-testid=tracking-sms-off]")).ToContainTextAsync("未配置短信网关");
            await fixture.Screenshot(window, "case-tracking-link-zh-CN");

            await panel.Locator("[data-testid=print-receipt]").ClickAsync();
            await window.WaitForURLAsync($"**/cases/{caseId}/receipt");
            var sheet = window.Locator("[data-testid=receipt-sheet]");
            await Assertions.Expect(sheet.Locator("[data-testid=receipt-case-number]")).ToHaveTextAsync(caseNumber);
            await Assertions.Expect(sheet).ToContainTextAsync("受理回执");
            await Assertions.Expect(sheet.Locator("[data-testid=receipt-centre]")).ToHaveTextAsync(BrowserFixture.CentreName);
            await Assertions.Expect(sheet.Locator("[data-testid=receipt-phone]")).ToContainTextAsync(BrowserFixture.CentrePhone);
            await Assertions.Expect(sheet.Locator("[data-testid=receipt-matter]")).ToContainTextAsync("公路");
            await Assertions.Expect(sheet).ToContainTextAsync("王强 (县自来水公司)");
            await Assertions.Expect(sheet.Locator("[data-testid=receipt-due]")).ToContainTextAsync("个工作日");
            await Assertions.Expect(sheet.Locator("[data-testid=receipt-url]")).ToHaveTextAsync(trackingUrl);
            Assert.Equal(trackingUrl, await DecodeQr(sheet.Locator("[data-testid=receipt-qr]")));
            // The printed sheet: no app bar, no buttons, not the "copied" note that may still be up.
            await window.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
            await Assertions.Expect(window.Locator("[data-testid=receipt-print]")).ToBeHiddenAsync();
            await Assertions.Expect(window.Locator(".mud-appbar")).ToBeHiddenAsync();
            await Assertions.Expect(window.Locator(".mud-snackbar")).ToBeHiddenAsync();
            await fixture.Screenshot(window, "receipt-zh-CN");
        }
        catch
        {
            await fixture.CaptureAll("failed-tracking-link");
            throw;
        }
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public async Task TheApplicantFollowsTheCaseOnAPhoneInOneLanguageAndSeesWhatEachDepartmentAsks(string culture)
    {
        var english = culture == "en";
        // Strict: in English every name typed is Latin too, so any CJK character on the page is the page's own.
        var (caseId, caseNumber, trackingUrl) = english
            ? await Register("Lei Li", "County Water Co.", "Lay a water main along the county road")
            : await Register("李雷", "县自来水公司", "沿县道铺设供水管道");
        string[] asked = english ? ["Add the night-work schedule", "Add an emergency plan"] : ["补充夜间施工安排", "补充应急预案"];
        string[] conditions = english ? ["Work only between 22:00 and 06:00", "Put up warning signs"] : ["仅限夜间 22:00 至次日 6:00 施工", "设置警示标志"];
        using var window = await fixture.Node.Http("window");
        var roomId = (await Json(await window.PostAsJsonAsync($"/api/v1/cases/{caseId}/consultations",
            new { departments = new[] { "road-admin", "traffic-police" } }))).GetProperty("roomId").GetString()!;
        using (var road = await fixture.Node.Http("road-admin"))
            await Json(await road.PostAsJsonAsync($"/api/v1/consultations/{roomId}/decisions",
                new { department = "road-admin", outcome = "requestSupplement", comment = string.Join("\n", asked), idempotencyKey = Guid.NewGuid().ToString("N") }));
        using (var police = await fixture.Node.Http("traffic-police"))
            await Json(await police.PostAsJsonAsync($"/api/v1/consultations/{roomId}/decisions",
                new { department = "traffic-police", outcome = "approveWithConditions", conditions, idempotencyKey = Guid.NewGuid().ToString("N") }));

        var applicant = await fixture.NewPage(phone: true);
        try
        {
            await applicant.GotoAsync($"/culture/{culture}?redirect={Uri.EscapeDataString(new Uri(trackingUrl).AbsolutePath)}");
            await BrowserFixture.Ready(applicant);
            var road = applicant.Locator("[data-testid=track-request][data-department=road-admin]");
            await Assertions.Expect(road).ToHaveAttributeAsync("data-kind", "supplement");
            await Assertions.Expect(road.Locator("li")).ToHaveTextAsync(asked);
            var police = applicant.Locator("[data-testid=track-request][data-department=traffic-police]");
            await Assertions.Expect(police).ToHaveAttributeAsync("data-kind", "conditions");
            await Assertions.Expect(police.Locator("li")).ToHaveTextAsync(conditions);
            await Assertions.Expect(applicant.Locator("[data-testid=track-department]").First).ToContainTextAsync(english ? "Road Administration" : "公路管理机构");
            await Assertions.Expect(applicant.Locator("[data-testid=track-requests-note]")).ToBeVisibleAsync();
            await OneLanguage(applicant, english, caseNumber);
            await fixture.Screenshot(applicant, $"applicant-{culture}");

            // The room closes asking for the supplement: the page follows live; a file too large is refused in the page's language.
            await Json(await window.PostAsJsonAsync($"/api/v1/consultations/{roomId}/close",
                new { statement = english ? "Please send the missing materials" : "请一次性补正以下材料" }));
            await Assertions.Expect(applicant.Locator("[data-testid=supplement-upload]")).ToBeVisibleAsync();
            await Assertions.Expect(applicant.Locator("[data-testid=track-request]")).ToHaveCountAsync(0);
            var tooBig = new byte[BrowserFixture.MaxMaterialBytes];
            await applicant.Locator("[data-testid=supplement-file]").SetInputFilesAsync(new FilePayload
            {
                Name = english ? "site-plan.pdf" : "施工图.pdf", MimeType = "application/pdf", Buffer = Encoding.ASCII.GetBytes("%PDF-1.4 ").Concat(tooBig).ToArray(),
            });
            await Assertions.Expect(applicant.Locator("[data-testid=supplement-error]")).ToContainTextAsync(english ? "is larger than 2 MB" : "超过 2 MB");
            await OneLanguage(applicant, english, caseNumber);
        }
        catch
        {
            await fixture.CaptureAll($"failed-applicant-language-{culture}");
            throw;
        }
    }

    /// <summary>
    /// English: no CJK character (Han, CJK punctuation, full-width forms). Chinese: no Latin word but
    /// the case number, the app's name "1+N" and the file formats and unit the upload form names (PDF, OFD, MB). Both: nothing scrolls sideways.
    /// </summary>
    private static async Task OneLanguage(IPage page, bool english, string caseNumber)
    {
        var text = await VisibleText(page);
        if (english)
        {
            Assert.True(!Cjk().IsMatch(text), $"CJK on the English page: {string.Join(" | ", Cjk().Matches(text).Select(m => Around(text, m.Index)))}");
        }
        else
        {
            // "1+N" names the practice (and the app): a name, like the case number.
            var words = Latin().Matches(text.Replace(caseNumber, "", StringComparison.Ordinal).Replace("1+N", "", StringComparison.Ordinal))
                .Where(m => m.Value.ToUpperInvariant() is not ("PDF" or "OFD" or "MB")).ToList();
            Assert.True(words.Count == 0, $"Latin on the Chinese page: {string.Join(" | ", words.Select(m => Around(text, m.Index)))}");
        }

        Assert.False(await ScrollsSideways(page), "The page is wider than the phone.");
    }

    private static string Around(string text, int index) => text.Substring(Math.Max(0, index - 20), Math.Min(50, text.Length - Math.Max(0, index - 20)));

    private async Task<(string CaseId, string CaseNumber, string TrackingUrl)> Register(string name, string organization, string summary)
    {
        using var window = await fixture.Node.Http("window");
        var created = await Json(await window.PostAsJsonAsync("/api/v1/cases", new
        {
            matterCode = "highway-occupation",
            applicant = new { name, phone = "13900139000", organization },
            summary,
        }));
        return (created.GetProperty("caseId").GetString()!, created.GetProperty("caseNumber").GetString()!, created.GetProperty("trackingUrl").GetString()!);
    }

    [GeneratedRegex(@"[\u3000-\u303F\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]")]
    private static partial Regex Cjk();

    [GeneratedRegex(@"[A-Za-z]+")]
    private static partial Regex Latin();
}
