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

    /// <summary>
    /// Debian's headless Chromium with the fake media devices and UI answers getDisplayMedia with its
    /// own (headless) screen, "screen:…", at the screen's size (checked: <c>--auto-select-desktop-capture-source</c>
    /// without the fake devices cannot start a source headless): so the real button, capture and track switch are tested.
    /// </summary>
    [Fact]
    public async Task AMemberSharesTheirScreenInPlaceOfTheCameraAndOpensAMaterialBesideTheCall()
    {
        var (roomId, _) = await OpenRoom(fixture);
        var window = await Board(fixture, "window", "zh-CN", roomId, phone: false);
        var road = await Board(fixture, "road-admin", "en", roomId, phone: false);
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await Join(window);
            await Join(road);
            await DecodingFrom(road, 1, clock);
            var camera = (await InboundSize(road)).Single().Value;
            Assert.Equal((640, 360), (camera.Width, camera.Height));
            await Assertions.Expect(road.Locator("[data-testid=call-share]")).ToHaveTextAsync("Share screen");

            await Assertions.Expect(window.Locator("[data-testid=call-share]")).ToHaveTextAsync("共享屏幕");
            await window.ClickAsync("[data-testid=call-share]");
            await Assertions.Expect(window.Locator("[data-testid=call-share]")).ToHaveAttributeAsync("data-on", "true");
            await Assertions.Expect(window.Locator("[data-testid=call-share]")).ToHaveTextAsync("停止共享");
            var shared = (await Outbound(window)).Single(t => t.Kind == "video");
            Assert.StartsWith("screen:", shared.Label);
            Assert.NotEqual((640, 360), (shared.Width, shared.Height));
            // The other side decodes the screen (at the screen's size, not the camera's), and sees who shares.
            var screen = await Until(() => InboundSize(road), s => (s.Values.Single().Width, s.Values.Single().Height) == (shared.Width, shared.Height), "the shared screen's size on the other board");
            await Until(() => InboundSize(road), s => s.Values.Single().Frames > screen.Values.Single().Frames + 10, "frames of the shared screen");
            await Assertions.Expect(road.Locator("[data-testid=call-member]:not([data-department]) [data-testid=call-member-sharing]")).ToHaveCountAsync(1);
            await Snap(fixture, road, "room-call-screen-shared-en");

            // A material beside the call: a window of its own; the call goes on in the board's tab.
            await Assertions.Expect(window.Locator("[data-testid=call-materials]")).ToContainTextAsync("在旁边打开材料");
            await Assertions.Expect(road.Locator("[data-testid=call-materials]")).ToContainTextAsync("Open a material beside");
            await window.ClickAsync("[data-testid=call-materials] button");
            // The window beside fetches the material (the API answers it as an attachment: the browser's viewer or a download shows it).
            var fetched = new TaskCompletionSource<IResponse>();
            window.Context.Response += (_, response) =>
            {
                if (response.Url.Contains("/materials/", StringComparison.Ordinal))
                    fetched.TrySetResult(response);
            };
            var popup = await window.RunAndWaitForPopupAsync(() => window.Locator("[data-testid=call-material]").First.ClickAsync());
            var material = await fetched.Task.WaitAsync(DecodeLimit);
            Assert.Equal(200, material.Status);
            Assert.Matches("/api/v1/cases/[0-9a-f-]+/materials/[0-9a-f]{64}$", material.Url);
            Assert.Equal("application/pdf", (await material.AllHeadersAsync())["content-type"]);
            Assert.NotEqual(window, popup);
            var before = (await InboundSize(road)).Values.Single().Frames;
            await Until(() => InboundSize(road), s => s.Values.Single().Frames > before + 10, "frames while the material is open");
            await Assertions.Expect(window.Locator("[data-testid=call-panel]")).ToHaveAttributeAsync("data-in-call", "true");
            await popup.CloseAsync();

            await window.ClickAsync("[data-testid=call-share]");
            await Assertions.Expect(window.Locator("[data-testid=call-share]")).ToHaveAttributeAsync("data-on", "false");
            Assert.DoesNotContain("screen", (await Outbound(window)).Single(t => t.Kind == "video").Label);
            await Until(() => InboundSize(road), s => s.Values.Single().Width == 640, "the camera's size again after sharing stopped");
            await Assertions.Expect(road.Locator("[data-testid=call-member-sharing]")).ToHaveCountAsync(0);
        }
        catch
        {
            // The boards only: a material's window may show a PDF, which a screenshot cannot wait for.
            await Snap(fixture, window, "failed-room-call-share-0");
            await Snap(fixture, road, "failed-room-call-share-1");
            throw;
        }
    }
}
