using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Consult.E2E.Tests.PageHelpers;

namespace Consult.E2E.Tests;

/// <summary>
/// Three members of a room talk in its call: the convener and a department at their desks (one in
/// Chinese, one in English), another department on a phone. Each page decodes video from each other
/// member within 15 s (fake camera feeds, media over loopback); the seat cards show who is in the
/// call; muting turns the microphone's button red; leaving takes the member off the others' cards.
/// </summary>
[Collection(BrowserCollection.Name)]
[ClosePagesAfterTest]
public sealed class RoomCallTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan DecodeLimit = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task ThreeMembersSeeAndHearEachOtherAndTheSeatCardsShowWhoIsInTheCall()
    {
        var roomId = await OpenRoom();
        var window = await Board("window", "zh-CN", roomId, phone: false);
        var road = await Board("road-admin", "en", roomId, phone: false);
        var police = await Board("traffic-police", "zh-CN", roomId, phone: true);
        try
        {
            await Assertions.Expect(window.Locator("[data-testid=call-join]")).ToHaveTextAsync("加入通话");
            await Assertions.Expect(road.Locator("[data-testid=call-join]")).ToHaveTextAsync("Join call");

            var clock = Stopwatch.StartNew();
            var joinedAt = new Dictionary<IPage, TimeSpan>();
            foreach (var page in new[] { window, road, police })
            {
                joinedAt[page] = clock.Elapsed;
                await page.ClickAsync("[data-testid=call-join]");
                await page.Locator("[data-testid=call-panel][data-in-call=true]").WaitForAsync();
            }

            var allIn = clock.Elapsed;
            // All three watched at once, so that no page's time includes waiting on another's.
            var members = new[] { (Page: window, Name: "window"), (Page: road, Name: "road-admin"), (Page: police, Name: "traffic-police") };
            var decoded = await Task.WhenAll(members.Select(m => DecodingFromTwoOthers(m.Page, clock)));
            var firstFrames = members.Select((m, i) =>
                $"{m.Name}: {(decoded[i] - joinedAt[m.Page]).TotalMilliseconds:F0} ms after its own join, {(decoded[i] - allIn).TotalMilliseconds:F0} ms after the third member joined").ToList();

            output.WriteLine($"Join to video decoded from both others: {string.Join("; ", firstFrames)}");
            Console.WriteLine($"[call] join to first decoded frames: {string.Join("; ", firstFrames)}");

            // The seat cards: both departments in the call, seen from the convener's board.
            await Assertions.Expect(window.Locator("[data-testid=seat-road-admin] [data-testid=seat-in-call]")).ToBeVisibleAsync();
            await Assertions.Expect(window.Locator("[data-testid=seat-traffic-police] [data-testid=seat-in-call]")).ToBeVisibleAsync();
            await Assertions.Expect(window.Locator("[data-testid=call-count]")).ToHaveTextAsync("3 人在通话中");
            await Assertions.Expect(road.Locator("[data-testid=call-count]")).ToHaveTextAsync("3 in the call");
            await Assertions.Expect(window.Locator("[data-testid=call-tile]")).ToHaveCountAsync(3);

            // The phone keeps its decision form on the first screen; the call comes right after it.
            var form = await police.Locator("[data-testid=my-decision]").BoundingBoxAsync() ?? throw new InvalidOperationException("No decision form on the phone.");
            Assert.True(form.Y >= 0 && form.Y < 844, $"The decision form begins at {form.Y} px on an 844 px screen.");

            await Snap(window, "room-call-desk-zh-CN");
            // The tiles in view above the discussion bar, the decision form just above them.
            await police.EvaluateAsync("() => document.querySelector('[data-testid=call-panel]').scrollIntoView({ block: 'center' })");
            await Snap(police, "room-call-phone-zh-CN");

            await road.ClickAsync("[data-testid=call-mic]");
            await Assertions.Expect(road.Locator("[data-testid=call-mic]")).ToHaveAttributeAsync("data-on", "false");

            await police.ClickAsync("[data-testid=call-leave]");
            await Assertions.Expect(window.Locator("[data-testid=seat-traffic-police] [data-testid=seat-in-call]")).ToHaveCountAsync(0);
            await Assertions.Expect(window.Locator("[data-testid=call-count]")).ToHaveTextAsync("2 人在通话中");
            await Assertions.Expect(window.Locator("[data-testid=call-tile]")).ToHaveCountAsync(2);
        }
        catch
        {
            await fixture.CaptureAll("failed-room-call");
            throw;
        }
    }

    private async Task<IPage> Board(string userName, string culture, string roomId, bool phone)
    {
        var page = await fixture.SignIn(userName, phone);
        await page.GotoAsync($"/culture/{culture}?redirect=/rooms/{roomId}");
        await BrowserFixture.Ready(page);
        await page.Locator("[data-testid=board]").WaitForAsync();
        return page;
    }

    /// <summary>Waits until the page decodes video from two other members; answers when (on <paramref name="clock"/>).</summary>
    private static async Task<TimeSpan> DecodingFromTwoOthers(IPage page, Stopwatch clock)
    {
        var deadline = clock.Elapsed + DecodeLimit;
        var seen = "";
        while (clock.Elapsed < deadline)
        {
            seen = await page.EvaluateAsync<string>("async () => JSON.stringify(globalThis.consultCallStats ? await globalThis.consultCallStats() : {})");
            using var frames = JsonDocument.Parse(seen);
            if (frames.RootElement.EnumerateObject().Count(p => p.Value.GetInt64() > 0) >= 2)
                return clock.Elapsed;
            await Task.Delay(100);
        }

        var states = await page.EvaluateAsync<string>("() => JSON.stringify(globalThis.consultCallStates ? globalThis.consultCallStates() : {})");
        throw new TimeoutException($"No video decoded from both other members within {DecodeLimit.TotalSeconds} s: frames {seen}, peers {states}");
    }

    private async Task Snap(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.OutputFolder, name + ".png") });

    private async Task<string> OpenRoom()
    {
        using var window = await fixture.Node.Http("window");
        var created = await Json(await window.PostAsJsonAsync("/api/v1/cases", new
        {
            matterCode = "highway-occupation",
            applicant = new { name = "刘建国", phone = "13812345678", organization = "县城投公司" },
            summary = "县道X201半幅占道铺设电缆，现场会商施工方案",
        }));
        var seats = new[] { new { department = "road-admin", role = "required" }, new { department = "traffic-police", role = "required" } };
        var room = await Json(await window.PostAsJsonAsync($"/api/v1/cases/{created.GetProperty("caseId").GetString()}/consultations", new { seats, deadline = DateTimeOffset.UtcNow.AddHours(4) }));
        return room.GetProperty("roomId").GetString()!;
    }
}
