using System.Diagnostics;
using Microsoft.Playwright;
using static Consult.E2E.Tests.CallPages;

namespace Consult.E2E.Tests;

/// <summary>
/// The applicant joins the room's call from the tracking link on a phone once the convener allows
/// it, sees and is seen by the convener, and leaves it when the convener withdraws the permission.
/// </summary>
[Collection(BrowserCollection.Name)]
[ClosePagesAfterTest]
public sealed class ApplicantCallTests(BrowserFixture fixture)
{
    [Fact]
    public async Task TheApplicantJoinsTheCallFromThePhoneOnlyWhileTheConvenerAllowsIt()
    {
        var (roomId, tracking) = await OpenRoom(fixture);
        var window = await Board(fixture, "window", "zh-CN", roomId, phone: false);
        var applicant = await Applicant(tracking, "zh-CN");
        var english = await Applicant(tracking, "en");
        try
        {
            var clock = Stopwatch.StartNew();
            await Join(window);
            await Assertions.Expect(applicant.Locator("[data-testid=applicant-call]")).ToHaveCountAsync(0);
            await Assertions.Expect(window.Locator("[data-testid=call-allow-applicant]")).ToContainTextAsync("允许申请人加入视频通话");

            await window.Locator("[data-testid=call-allow-applicant] input").ClickAsync();
            await Assertions.Expect(window.Locator("[data-testid=call-allow-applicant]")).ToHaveAttributeAsync("data-on", "true");
            await Assertions.Expect(applicant.Locator("[data-testid=call-join]")).ToHaveTextAsync("加入视频通话");
            await Assertions.Expect(english.Locator("[data-testid=call-join]")).ToHaveTextAsync("Join the video call");

            var joining = clock.Elapsed;
            await Join(applicant);
            var applicantDecoded = await DecodingFrom(applicant, 1, clock);
            await DecodingFrom(window, 1, clock);
            Console.WriteLine($"[call] applicant: first frame from the convener {(applicantDecoded - joining).TotalMilliseconds:F0} ms after joining");
            await Assertions.Expect(window.Locator("[data-testid=call-member]", new() { HasText = "申请人" })).ToHaveCountAsync(1);
            // The tracking page names the window by its role, never the officer.
            await Assertions.Expect(applicant.Locator("[data-testid=call-member]", new() { HasText = "受理窗口" })).ToHaveCountAsync(1);
            await Assertions.Expect(applicant.Locator("[data-testid=call-strip]")).Not.ToContainTextAsync("王敏");
            await Assertions.Expect(applicant.Locator("[data-testid=call-mute-member]")).ToHaveCountAsync(0);
            await Assertions.Expect(applicant.Locator("[data-testid=discussion-open], [data-testid=chair-actions], [data-testid=my-decision]")).ToHaveCountAsync(0);
            await applicant.EvaluateAsync("() => document.querySelector('[data-testid=applicant-call]').scrollIntoView({ block: 'start' })");
            await Snap(fixture, applicant, "applicant-call-phone-zh-CN");
            await Snap(fixture, window, "applicant-call-convener-zh-CN");

            await window.Locator("[data-testid=call-allow-applicant] input").ClickAsync();
            await Assertions.Expect(applicant.Locator("[data-testid=applicant-call]")).ToHaveCountAsync(0);
            await Assertions.Expect(window.Locator("[data-testid=call-count]")).ToHaveTextAsync("1 人在通话中");
            await Assertions.Expect(window.Locator("[data-testid=call-tile]")).ToHaveCountAsync(1);
        }
        catch
        {
            await fixture.CaptureAll("failed-applicant-call");
            throw;
        }
    }

    private async Task<IPage> Applicant(string tracking, string culture)
    {
        var page = await fixture.NewPage(phone: true);
        await page.GotoAsync($"/culture/{culture}?redirect=/track/{tracking}");
        await BrowserFixture.Ready(page);
        await page.Locator("[data-testid=track-status]").WaitForAsync();
        return page;
    }
}
