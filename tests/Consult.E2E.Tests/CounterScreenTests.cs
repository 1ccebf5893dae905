using System.Diagnostics;
using Microsoft.Playwright;
using static Consult.E2E.Tests.CallPages;
using static Consult.E2E.Tests.PageHelpers;

namespace Consult.E2E.Tests;

/// <summary>
/// The applicant at the counter: the window officer opens the counter screen (a second monitor facing
/// the applicant) with one click from the board or the case page; it shows the case as the tracking
/// link does, nothing of the board, and joins the call as the applicant only while the convener allows it.
/// </summary>
[Collection(BrowserCollection.Name)]
[ClosePagesAfterTest]
public sealed class CounterScreenTests(BrowserFixture fixture)
{
    [Fact]
    public async Task TheApplicantAtTheCounterJoinsTheCallOnTheCounterScreenOnlyWhileTheConvenerAllowsIt()
    {
        var (roomId, _) = await OpenRoom(fixture);
        var window = await Board(fixture, "window", "zh-CN", roomId, phone: false);
        try
        {
            var clock = Stopwatch.StartNew();
            await Join(window);
            var counter = await window.RunAndWaitForPopupAsync(() => window.ClickAsync("[data-testid=counter-open]"));
            await BrowserFixture.Ready(counter);
            await Assertions.Expect(counter.Locator("[data-testid=counter-screen]")).ToBeVisibleAsync();
            await Assertions.Expect(counter.Locator("[data-testid=app-title]")).ToContainTextAsync("柜台屏幕");
            await Assertions.Expect(counter.Locator("[data-testid=counter-no-call]")).ToBeVisibleAsync();
            await Assertions.Expect(counter.Locator("[data-testid=track-status]")).ToBeVisibleAsync();
            // The officer's browser opened it, but the screen faces the applicant: no name, menu, board or discussion.
            await Assertions.Expect(counter.Locator("[data-testid=user-name], .mud-drawer, [data-testid=board], [data-testid=discussion-open], [data-testid=chair-actions]")).ToHaveCountAsync(0);
            await Assertions.Expect(counter.Locator("body")).Not.ToContainTextAsync("王敏");

            await window.Locator("[data-testid=call-allow-applicant] input").ClickAsync();
            await Assertions.Expect(counter.Locator("[data-testid=call-join]")).ToHaveTextAsync("加入视频通话");
            var joining = clock.Elapsed;
            await Join(counter);
            var counterDecoded = await DecodingFrom(counter, 1, clock);
            var boardDecoded = await DecodingFrom(window, 1, clock);
            Console.WriteLine($"[call] counter screen: first frame from the convener {(counterDecoded - joining).TotalMilliseconds:F0} ms after joining, "
                + $"the convener's first frame from the counter {(boardDecoded - joining).TotalMilliseconds:F0} ms");
            await Assertions.Expect(window.Locator("[data-testid=call-member]", new() { HasText = "申请人" })).ToHaveCountAsync(1);
            await Assertions.Expect(counter.Locator("[data-testid=call-member]", new() { HasText = "受理窗口" })).ToHaveCountAsync(1);
            await Assertions.Expect(counter.Locator("body")).Not.ToContainTextAsync("王敏");
            await Assertions.Expect(counter.Locator("[data-testid=call-mute-member], [data-testid=call-allow-applicant], [data-testid=counter-open]")).ToHaveCountAsync(0);
            await Snap(fixture, counter, "counter-screen-call-zh-CN");
            await Snap(fixture, window, "counter-screen-convener-zh-CN");

            // Withdrawn: the counter leaves the call, and the screen says the call is not open to the applicant.
            await window.Locator("[data-testid=call-allow-applicant] input").ClickAsync();
            await Assertions.Expect(counter.Locator("[data-testid=applicant-call]")).ToHaveCountAsync(0);
            await Assertions.Expect(counter.Locator("[data-testid=counter-no-call]")).ToBeVisibleAsync();
            await Assertions.Expect(window.Locator("[data-testid=call-count]")).ToHaveTextAsync("1 人在通话中");
            await Assertions.Expect(window.Locator("[data-testid=call-member]", new() { HasText = "申请人" })).ToHaveCountAsync(0);
        }
        catch
        {
            await fixture.CaptureAll("failed-counter-screen");
            throw;
        }
    }

    [Fact]
    public async Task TheCasePageOpensTheCounterScreenInEnglishAndItJoinsOnceAllowed()
    {
        var (roomId, _) = await OpenRoom(fixture);
        using var http = await fixture.Node.Http("window");
        var caseId = (await Json(await http.GetAsync($"/api/v1/consultations/{roomId}"))).GetProperty("caseId").GetString();
        var convener = await Board(fixture, "window", "en", roomId, phone: false);
        var casePage = await fixture.SignIn("window");
        try
        {
            await casePage.GotoAsync($"/culture/en?redirect=/cases/{caseId}");
            await BrowserFixture.Ready(casePage);
            await Assertions.Expect(casePage.Locator("[data-testid=counter-open]")).ToHaveTextAsync("Open the counter screen");
            var counter = await casePage.RunAndWaitForPopupAsync(() => casePage.ClickAsync("[data-testid=counter-open]"));
            await BrowserFixture.Ready(counter);
            await Assertions.Expect(counter.Locator("[data-testid=app-title]")).ToContainTextAsync("Counter screen");
            await Assertions.Expect(counter.Locator("[data-testid=counter-no-call]")).ToContainTextAsync("not open to the applicant");

            var clock = Stopwatch.StartNew();
            await Join(convener);
            await convener.Locator("[data-testid=call-allow-applicant] input").ClickAsync();
            await Assertions.Expect(counter.Locator("[data-testid=call-join]")).ToHaveTextAsync("Join the video call");
            await Join(counter);
            await DecodingFrom(counter, 1, clock);
            await DecodingFrom(convener, 1, clock);
            await Assertions.Expect(convener.Locator("[data-testid=call-member]", new() { HasText = "Applicant" })).ToHaveCountAsync(1);
            await Snap(fixture, counter, "counter-screen-call-en");
        }
        catch
        {
            await fixture.CaptureAll("failed-counter-screen-en");
            throw;
        }
    }
}
