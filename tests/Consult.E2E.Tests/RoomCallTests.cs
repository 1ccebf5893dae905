using System.Diagnostics;
using Microsoft.Playwright;
using Xunit.Abstractions;

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
                await CallPages.Join(page);
            }

            var allIn = clock.Elapsed;
            // All three watched at once, so that no page's time includes waiting on another's.
            var members = new[] { (Page: window, Name: "window"), (Page: road, Name: "road-admin"), (Page: police, Name: "traffic-police") };
            var decoded = await Task.WhenAll(members.Select(m => CallPages.DecodingFrom(m.Page, 2, clock)));
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

    private Task<IPage> Board(string userName, string culture, string roomId, bool phone) => CallPages.Board(fixture, userName, culture, roomId, phone);

    private async Task<string> OpenRoom() => (await CallPages.OpenRoom(fixture)).RoomId;

    private Task Snap(IPage page, string name) => CallPages.Snap(fixture, page, name);
}
