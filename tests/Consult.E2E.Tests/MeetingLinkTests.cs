using System.Net.Http.Json;
using Microsoft.Playwright;
using static Consult.E2E.Tests.PageHelpers;

namespace Consult.E2E.Tests;

/// <summary>
/// The convener gives the room an external meeting link from the board, in Chinese; a department's
/// board, in English, shows the button to join it at once, and so does its inbox.
/// </summary>
[Collection(BrowserCollection.Name)]
[ClosePagesAfterTest]
public sealed class MeetingLinkTests(BrowserFixture fixture)
{
    private const string Link = "https://meeting.dingtalk.com/j/e2e-7788";

    [Fact]
    public async Task TheConvenerSetsTheLinkOnTheBoardAndTheDepartmentsBoardShowsItLive()
    {
        try
        {
            await Scenario();
        }
        catch
        {
            await fixture.CaptureAll("failed-meeting-link");
            throw;
        }
    }

    private async Task Scenario()
    {
        var roomId = await OpenRoom();
        var window = await Board(fixture, "window", "zh-CN", roomId);
        var road = await Board(fixture, "road-admin", "en", roomId);
        await Assertions.Expect(road.Locator("[data-testid=meeting-link]")).ToHaveCountAsync(0);

        await window.ClickAsync("[data-testid=meeting-link-edit]");
        var input = window.Locator("[data-testid=meeting-link-input]").Locator("xpath=descendant-or-self::input").First;
        // Not https: refused, nothing changes for anyone.
        await input.FillAsync("http://meeting.example/1");
        await window.ClickAsync("[data-testid=meeting-link-save]");
        await Assertions.Expect(window.Locator(".mud-snackbar.mud-alert-filled-error, .mud-snackbar-content-message").First).ToBeVisibleAsync();
        await Assertions.Expect(window.Locator("[data-testid=meeting-link-join]")).ToHaveCountAsync(0);

        await input.FillAsync(Link);
        await window.ClickAsync("[data-testid=meeting-link-save]");
        var own = window.Locator("[data-testid=meeting-link-join]");
        await Assertions.Expect(own).ToHaveTextAsync("加入外部会议");
        await Assertions.Expect(own).ToHaveAttributeAsync("href", Link);

        // The department's board, never reloaded, shows the link in English.
        var join = road.Locator("[data-testid=meeting-link-join]");
        await Assertions.Expect(join).ToHaveTextAsync("Join the external meeting");
        await Assertions.Expect(join).ToHaveAttributeAsync("href", Link);
        await Assertions.Expect(join).ToHaveAttributeAsync("target", "_blank");
        await Assertions.Expect(road.Locator("[data-testid=meeting-link-edit]")).ToHaveCountAsync(0);
        await Assertions.Expect(window.Locator(".mud-snackbar")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        await fixture.Screenshot(window, "meeting-link-board-zh-CN");
        await fixture.Screenshot(road, "meeting-link-board-en");

        // A click opens the meeting in a new tab, leaving the board where it is (the meeting answered here: no network in tests).
        await road.Context.RouteAsync("https://meeting.dingtalk.com/**", route => route.FulfillAsync(new() { Body = "<title>DingTalk</title>meeting", ContentType = "text/html" }));
        var opened = await road.Context.RunAndWaitForPageAsync(() => join.ClickAsync());
        await opened.WaitForLoadStateAsync();
        Assert.Equal(Link, opened.Url);
        await opened.CloseAsync();
        Assert.EndsWith($"/rooms/{roomId}", road.Url, StringComparison.Ordinal);

        await road.GotoAsync("/inbox");
        await BrowserFixture.Ready(road);
        var line = road.Locator($"[data-testid=invitation][data-room='{roomId}'] [data-testid=inbox-meeting-link]");
        await Assertions.Expect(line).ToHaveTextAsync("Join the external meeting");
        await Assertions.Expect(line).ToHaveAttributeAsync("href", Link);
    }

    private async Task<string> OpenRoom()
    {
        using var window = await fixture.Node.Http("window");
        var created = await Json(await window.PostAsJsonAsync("/api/v1/cases", new
        {
            matterCode = "highway-occupation",
            applicant = new { name = "赵明", phone = "13812345670", organization = "县自来水公司" },
            summary = "县道X105半幅占道更换供水管道，钉钉会议会商",
        }));
        var room = await Json(await window.PostAsJsonAsync($"/api/v1/cases/{created.GetProperty("caseId").GetString()}/consultations",
            new { departments = new[] { "road-admin", "traffic-police" }, deadline = DateTimeOffset.UtcNow.AddHours(4) }));
        return room.GetProperty("roomId").GetString()!;
    }
}
