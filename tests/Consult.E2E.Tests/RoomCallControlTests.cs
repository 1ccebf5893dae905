using System.Diagnostics;
using Microsoft.Playwright;
using static Consult.E2E.Tests.CallPages;

namespace Consult.E2E.Tests;

/// <summary>
/// The convener's hand on the call: muting a member (whose page turns its microphone off and says
/// who did it), and what the others then see on the call strip and the seat cards.
/// </summary>
[Collection(BrowserCollection.Name)]
[ClosePagesAfterTest]
public sealed class RoomCallControlTests(BrowserFixture fixture)
{
    [Fact]
    public async Task TheConvenerMutesADepartmentMemberWhoseMicrophoneGoesOffUntilTheyTurnItOn()
    {
        var (roomId, _) = await OpenRoom(fixture);
        var window = await Board(fixture, "window", "zh-CN", roomId, phone: false);
        var road = await Board(fixture, "road-admin", "zh-CN", roomId, phone: false);
        var police = await Board(fixture, "traffic-police", "en", roomId, phone: false);
        try
        {
            var clock = Stopwatch.StartNew();
            foreach (var page in new[] { window, road, police })
                await Join(page);
            await DecodingFrom(road, 2, clock);
            var sent = await Outbound(road);
            Assert.Equal(2, sent.Count(t => t.Kind == "audio" && t.Enabled));
            // Only the convener has mute buttons, and not for themself.
            await Assertions.Expect(road.Locator("[data-testid=call-mute-member]")).ToHaveCountAsync(0);
            await Assertions.Expect(window.Locator("[data-testid=call-mute-member]")).ToHaveCountAsync(2);

            var roadChip = window.Locator("[data-testid=call-member][data-department=road-admin]");
            await Assertions.Expect(roadChip.Locator("[data-testid=call-mute-member]")).ToHaveTextAsync("静音");
            await roadChip.Locator("[data-testid=call-mute-member]").ClickAsync();

            await Assertions.Expect(road.Locator("[data-testid=call-muted-by]")).ToContainTextAsync("已将您静音");
            await Assertions.Expect(road.Locator("[data-testid=call-mic]")).ToHaveAttributeAsync("data-on", "false");
            sent = await Until(() => Outbound(road), s => s.Where(t => t.Kind == "audio").All(t => !t.Enabled), "the muted member's audio tracks");
            Assert.Equal(2, sent.Count(t => t.Kind == "audio"));
            Assert.All(sent.Where(t => t.Kind == "video"), t => Assert.True(t.Enabled, "muting leaves the camera on"));

            // The others see it: the strip and the seat card on the convener's board, the strip in English.
            await Assertions.Expect(roadChip).ToHaveAttributeAsync("data-muted", "true");
            await Assertions.Expect(roadChip).ToContainTextAsync("已静音");
            await Assertions.Expect(window.Locator("[data-testid=seat-road-admin] [data-testid=seat-in-call]")).ToHaveAttributeAsync("data-muted", "true");
            await Assertions.Expect(police.Locator("[data-testid=call-member][data-muted=true]")).ToContainTextAsync("Muted");
            await Snap(fixture, road, "room-call-muted-by-convener-zh-CN");
            await Snap(fixture, window, "room-call-convener-muted-member-zh-CN");

            await road.ClickAsync("[data-testid=call-mic]");
            await Assertions.Expect(road.Locator("[data-testid=call-muted-by]")).ToHaveCountAsync(0);
            await Until(() => Outbound(road), s => s.Where(t => t.Kind == "audio").All(t => t.Enabled), "the member's audio tracks after unmuting");
            await Assertions.Expect(roadChip).ToHaveAttributeAsync("data-muted", "false");
            await Assertions.Expect(window.Locator("[data-testid=seat-road-admin] [data-testid=seat-in-call]")).ToHaveAttributeAsync("data-muted", "false");
        }
        catch
        {
            await fixture.CaptureAll("failed-room-call-mute");
            throw;
        }
    }
}
