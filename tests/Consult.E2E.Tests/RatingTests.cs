using System.Net.Http.Json;
using Microsoft.Playwright;
using static Consult.E2E.Tests.PageHelpers;

namespace Consult.E2E.Tests;

/// <summary>
/// 好差评 as people do it: the applicant rates a decided case from a phone (zh-CN: poor, with a
/// comment; English: very satisfied), once; the manager sees the poor rating in the Overview's
/// list; the window answers its follow-up on the case page and the applicant's page shows the answer.
/// </summary>
[Collection(BrowserCollection.Name)]
[ClosePagesAfterTest]
public sealed class RatingTests(BrowserFixture fixture)
{
    private const string Complaint = "窗口让我跑了两趟才办完";
    private const string Answer = "已电话回访申请人：材料清单改为一次性告知，并对窗口人员进行了培训";

    [Fact]
    public async Task TheApplicantRatesOnceFromAPhoneAndTheWindowAnswersThePoorRatingsFollowUp()
    {
        var (caseId, path) = await Decided();
        var applicant = await fixture.NewPage(phone: true);
        try
        {
            await applicant.GotoAsync(path);
            await BrowserFixture.Ready(applicant);
            var prompt = applicant.Locator("[data-testid=rating-prompt]");
            await Assertions.Expect(prompt).ToContainTextAsync("请您对本次服务进行评价");
            await Assertions.Expect(prompt.Locator(".rating-choice")).ToHaveTextAsync(["非常满意", "满意", "基本满意", "不满意", "非常不满意"]);

            // Nothing chosen yet: the page says so, in Chinese, and nothing is sent.
            await applicant.ClickAsync("[data-testid=rating-submit]");
            await Assertions.Expect(applicant.Locator("[data-testid=rating-error]")).ToContainTextAsync("请先选择一项评价");

            await applicant.ClickAsync("[data-testid=rating-2]");
            await Assertions.Expect(applicant.Locator("[data-testid=rating-2]")).ToHaveAttributeAsync("aria-checked", "true");
            await Field(applicant, "rating-comment").FillAsync(Complaint);
            Assert.False(await ScrollsSideways(applicant));
            await Phone(applicant, prompt, "rating-prompt-phone-zh-CN");
            await applicant.ClickAsync("[data-testid=rating-submit]");

            var thanks = applicant.Locator("[data-testid=rating-thanks]");
            await Assertions.Expect(thanks).ToContainTextAsync("感谢您的评价");
            await Assertions.Expect(thanks).ToContainTextAsync("您的评价：不满意");
            await Assertions.Expect(thanks.Locator("[data-testid=rating-follow-up-pending]")).ToContainTextAsync("整改并回访");
            await Assertions.Expect(prompt).ToHaveCountAsync(0);
            await fixture.Screenshot(applicant, "rating-thanks-phone-zh-CN");

            // Opened again: the thank-you, never a second prompt.
            await applicant.ReloadAsync();
            await BrowserFixture.Ready(applicant);
            await Assertions.Expect(applicant.Locator("[data-testid=rating-thanks]")).ToHaveAttributeAsync("data-score", "2");
            await Assertions.Expect(applicant.Locator("[data-testid=rating-prompt]")).ToHaveCountAsync(0);

            // The manager's list of poor ratings to follow up.
            // (A manager's sign-in lands on the Overview.)
            var manager = await fixture.SignIn("manager");
            await manager.WaitForURLAsync(url => url.EndsWith("/overview", StringComparison.Ordinal));
            var line = manager.Locator($"[data-testid=rating-follow-up][data-case='{caseId}']");
            await Assertions.Expect(line).ToContainTextAsync("不满意", new() { Timeout = 30_000 });
            await Assertions.Expect(line).ToContainTextAsync(Complaint);
            await Assertions.Expect(manager.Locator("[data-testid=rating-by-convener]")).ToContainTextAsync("综合窗口");
            await line.ScrollIntoViewIfNeededAsync();
            await NoStrayCode(manager);
            await fixture.Screenshot(manager, "overview-rating-follow-ups-zh-CN");

            // The window answers with what was done; the applicant's open page shows it.
            var window = await fixture.SignIn("window");
            await window.GotoAsync($"/cases/{caseId}");
            await BrowserFixture.Ready(window);
            var rating = window.Locator("[data-testid=case-rating]");
            await Assertions.Expect(rating).ToHaveAttributeAsync("data-follow-up", "open");
            await Assertions.Expect(rating).ToContainTextAsync("2 · 不满意");
            await Assertions.Expect(rating).ToContainTextAsync(Complaint);
            await Field(window, "rating-answer-text").FillAsync(Answer);
            await window.ClickAsync("[data-testid=rating-answer-submit]");
            await Assertions.Expect(rating).ToHaveAttributeAsync("data-follow-up", "answered");
            await Assertions.Expect(window.Locator("[data-testid=rating-follow-up-done]")).ToContainTextAsync(Answer);
            await fixture.Screenshot(window, "case-rating-answered-zh-CN");

            await Assertions.Expect(applicant.Locator("[data-testid=rating-answer]")).ToContainTextAsync(Answer);
            await Assertions.Expect(applicant.Locator("[data-testid=rating-answer]")).ToContainTextAsync("服务中心整改回访情况");
        }
        catch
        {
            await fixture.CaptureAll("failed-rating-zh");
            throw;
        }

        // English, on another decided case: the same five choices in English, a rating without a comment.
        var (_, englishPath) = await Decided();
        var english = await fixture.NewPage(phone: true);
        try
        {
            await english.GotoAsync(englishPath);
            await BrowserFixture.Ready(english);
            await english.ClickAsync("[data-testid=lang-switch]");
            await english.WaitForURLAsync(url => url.EndsWith(englishPath, StringComparison.Ordinal));
            await BrowserFixture.Ready(english);
            var prompt = english.Locator("[data-testid=rating-prompt]");
            await Assertions.Expect(prompt).ToContainTextAsync("Please rate our service");
            await Assertions.Expect(prompt.Locator(".rating-choice")).ToHaveTextAsync(["Very satisfied", "Satisfied", "Fairly satisfied", "Dissatisfied", "Very dissatisfied"]);
            await english.ClickAsync("[data-testid=rating-5]");
            await Phone(english, prompt, "rating-prompt-phone-en");
            await english.ClickAsync("[data-testid=rating-submit]");
            var thanks = english.Locator("[data-testid=rating-thanks]");
            await Assertions.Expect(thanks).ToContainTextAsync("Thank you for your rating!");
            await Assertions.Expect(thanks).ToContainTextAsync("Your rating: Very satisfied");
            await Assertions.Expect(thanks.Locator("[data-testid=rating-follow-up-pending]")).ToHaveCountAsync(0);
            await Assertions.Expect(english.Locator("[data-testid=rating-prompt]")).ToHaveCountAsync(0);
        }
        catch
        {
            await fixture.CaptureAll("failed-rating-en");
            throw;
        }
    }

    /// <summary>The phone's screen as the applicant sees it, the prompt's top just under the fixed header.</summary>
    private async Task Phone(IPage page, ILocator prompt, string name)
    {
        await prompt.EvaluateAsync("e => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 64)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.OutputFolder, name + ".png") });
    }

    /// <summary>A highway-occupation case whose room road-admin approved and the window closed: decided.</summary>
    private async Task<(string CaseId, string Path)> Decided()
    {
        using var window = await fixture.Node.Http("window");
        using var road = await fixture.Node.Http("road-admin");
        var created = await Json(await window.PostAsJsonAsync("/api/v1/cases", new
        {
            matterCode = "highway-occupation",
            applicant = new { name = "赵敏", phone = "13700137000", organization = "县燃气公司" },
            summary = "沿县道铺设燃气管道，需占用公路",
        }));
        var caseId = created.GetProperty("caseId").GetString()!;
        var roomId = (await Json(await window.PostAsJsonAsync($"/api/v1/cases/{caseId}/consultations",
            new { departments = new[] { "road-admin" } }))).GetProperty("roomId").GetString()!;
        await Json(await road.PostAsJsonAsync($"/api/v1/consultations/{roomId}/decisions",
            new { department = "road-admin", outcome = "approve", idempotencyKey = Guid.NewGuid().ToString("N") }));
        await Json(await window.PostAsJsonAsync($"/api/v1/consultations/{roomId}/close", new { statement = "同意占用，按方案施工" }));
        return (caseId, new Uri(created.GetProperty("trackingUrl").GetString()!).AbsolutePath);
    }
}
