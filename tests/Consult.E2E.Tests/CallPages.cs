using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Net.Http.Json;
using System.Text.Json;
using Consult.Server.Tests.Fixtures;
using Microsoft.Playwright;
using static Consult.E2E.Tests.PageHelpers;

namespace Consult.E2E.Tests;

/// <summary>What the call tests share: a room to talk in, a member's board, and what a page's call decodes and sends.</summary>
internal static class CallPages
{
    public static readonly TimeSpan DecodeLimit = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A highway-occupation case with its construction plan (a PDF) and road administration and
    /// traffic police invited: its room, and the case's tracking token.
    /// </summary>
    public static Task<(string RoomId, string Tracking)> OpenRoom(BrowserFixture fixture) => OpenRoom(fixture.Node);

    /// <inheritdoc cref="OpenRoom(BrowserFixture)"/>
    public static async Task<(string RoomId, string Tracking)> OpenRoom(LiveNode node)
    {
        using var window = await node.Http("window");
        var created = await Json(await window.PostAsJsonAsync("/api/v1/cases", new
        {
            matterCode = "highway-occupation",
            applicant = new { name = "刘建国", phone = "13812345678", organization = "县城投公司" },
            summary = "县道X201半幅占道铺设电缆，现场会商施工方案",
        }));
        var plan = new ByteArrayContent(Encoding.UTF8.GetBytes($"%PDF-1.4 施工方案 {Guid.NewGuid()}"));
        plan.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        await Json(await window.PostAsync($"/api/v1/cases/{created.GetProperty("caseId").GetString()}/materials", new MultipartFormDataContent { { plan, "file", "施工方案.pdf" } }));
        var seats = new[] { new { department = "road-admin", role = "required" }, new { department = "traffic-police", role = "required" } };
        var room = await Json(await window.PostAsJsonAsync($"/api/v1/cases/{created.GetProperty("caseId").GetString()}/consultations", new { seats, deadline = DateTimeOffset.UtcNow.AddHours(4) }));
        return (room.GetProperty("roomId").GetString()!, created.GetProperty("trackingToken").GetString()!);
    }

    /// <summary>A member's board of the room, in <paramref name="culture"/>.</summary>
    /// <param name="at">The node the page talks to (another node of a cluster); null: the fixture's.</param>
    public static async Task<IPage> Board(BrowserFixture fixture, string userName, string culture, string roomId, bool phone, Uri? at = null)
    {
        var page = await fixture.SignIn(userName, phone, at);
        await page.GotoAsync($"/culture/{culture}?redirect=/rooms/{roomId}");
        await BrowserFixture.Ready(page);
        await page.Locator("[data-testid=board]").WaitForAsync();
        return page;
    }

    public static async Task Join(IPage page)
    {
        await page.ClickAsync("[data-testid=call-join]");
        await page.Locator("[data-testid=call-panel][data-in-call=true]").WaitForAsync();
    }

    /// <summary>Frames decoded so far from each other member, by connection.</summary>
    public static async Task<Dictionary<string, long>> Decoded(IPage page)
    {
        var seen = await page.EvaluateAsync<string>("async () => JSON.stringify(globalThis.consultCallStats ? await globalThis.consultCallStats() : {})");
        return JsonSerializer.Deserialize<Dictionary<string, long>>(seen)!;
    }

    /// <summary>Waits until the page decodes video from <paramref name="others"/> other members; answers when (on <paramref name="clock"/>).</summary>
    public static async Task<TimeSpan> DecodingFrom(IPage page, int others, Stopwatch clock)
    {
        var deadline = clock.Elapsed + DecodeLimit;
        var seen = new Dictionary<string, long>();
        while (clock.Elapsed < deadline)
        {
            seen = await Decoded(page);
            if (seen.Count(p => p.Value > 0) >= others)
                return clock.Elapsed;
            await Task.Delay(100);
        }

        var states = await page.EvaluateAsync<string>("() => JSON.stringify(globalThis.consultCallStates ? globalThis.consultCallStates() : {})");
        throw new TimeoutException($"No video decoded from {others} other members within {DecodeLimit.TotalSeconds} s: frames {JsonSerializer.Serialize(seen)}, peers {states}");
    }

    /// <summary>The tracks the page sends to each other member: kind, whether enabled, and the track's label.</summary>
    public static async Task<List<SentTrack>> Outbound(IPage page)
    {
        var json = await page.EvaluateAsync<string>("() => JSON.stringify(globalThis.consultCallOutbound ? globalThis.consultCallOutbound() : {})");
        var byPeer = JsonSerializer.Deserialize<Dictionary<string, List<SentTrack>>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        return [.. byPeer.SelectMany(p => p.Value.Select(t => t with { Peer = p.Key }))];
    }

    public static async Task Snap(BrowserFixture fixture, IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.OutputFolder, name + ".png") });

    /// <summary>Polls <paramref name="probe"/> until it holds (within the decode limit), else fails saying what was last seen.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> holds, string what)
    {
        var deadline = DateTime.UtcNow + DecodeLimit;
        var last = await probe();
        while (!holds(last))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{what}: last seen {JsonSerializer.Serialize(last)}");
            await Task.Delay(100);
            last = await probe();
        }

        return last;
    }

    /// <summary>The size of the video decoded from each other member, by connection.</summary>
    public static async Task<Dictionary<string, FrameSize>> InboundSize(IPage page)
    {
        var json = await page.EvaluateAsync<string>("async () => JSON.stringify(globalThis.consultCallInboundSize ? await globalThis.consultCallInboundSize() : {})");
        return JsonSerializer.Deserialize<Dictionary<string, FrameSize>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    public sealed record FrameSize(int Width, int Height, long Frames);

    public sealed record SentTrack(string Kind, bool Enabled, string Label, int Width = 0, int Height = 0, string Peer = "");
}
