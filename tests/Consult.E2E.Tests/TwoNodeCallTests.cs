using System.Diagnostics;
using Consult.Server.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Orleans.Runtime;
using static Consult.E2E.Tests.CallPages;

namespace Consult.E2E.Tests;

/// <summary>
/// A call whose members' pages talk to different nodes of one cluster (Cluster mode on a real
/// redis-server): the signals cross nodes through the room and the relays, and each page decodes
/// the others' video.
/// </summary>
[Collection(BrowserCollection.Name)]
[ClosePagesAfterTest]
public sealed class TwoNodeCallTests(BrowserFixture fixture) : IAsyncLifetime
{
    private readonly string _folder = TempFolder.New("consult-e2e-two-nodes");
    private readonly List<LiveNode> _nodes = [];
    private RedisServer _redis = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.Start();
        var settings = ClusterSettings.For(_redis, _folder);
        settings["Consult:Video:LoopbackCandidatesOnly"] = "true";
        // One after the other, as an operator would: the first seeds the demo accounts.
        for (var i = 0; i < 2; i++)
            _nodes.Add(new LiveNode(Path.Combine(_folder, $"node{i}"), settings: new Dictionary<string, string>(settings)));
    }

    public async Task DisposeAsync()
    {
        // The pages go first: their circuits are on these nodes.
        await fixture.CloseContexts();
        foreach (var node in Enumerable.Reverse(_nodes))
            await node.DisposeAsync();
        await _redis.DisposeAsync();
        TempFolder.Delete(_folder);
    }

    [Fact]
    public async Task ThreeMembersOnTwoNodesEachDecodeTheOthersVideo()
    {
        var hosts = await _nodes[0].Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(2, hosts.Count);
        var (roomId, _) = await OpenRoom(_nodes[0]);
        var a = _nodes[0].Address;
        var b = _nodes[1].Address;
        var window = await Board(fixture, "window", "zh-CN", roomId, phone: false, at: a);
        var road = await Board(fixture, "road-admin", "zh-CN", roomId, phone: false, at: b);
        var police = await Board(fixture, "traffic-police", "en", roomId, phone: false, at: b);
        IPage[] pages = [window, road, police];
        Assert.Equal([a.Authority, b.Authority, b.Authority], pages.Select(p => new Uri(p.Url).Authority));
        try
        {
            var clock = Stopwatch.StartNew();
            var joined = new TimeSpan[pages.Length];
            for (var i = 0; i < pages.Length; i++)
            {
                joined[i] = clock.Elapsed;
                await Join(pages[i]);
            }

            for (var i = 0; i < pages.Length; i++)
            {
                var decoded = await DecodingFrom(pages[i], pages.Length - 1, clock);
                Console.WriteLine($"[call] two nodes: member {i} (node {(i == 0 ? "A" : "B")}) decodes both others {(decoded - joined[i]).TotalMilliseconds:F0} ms after its join; "
                    + $"{(decoded - joined[^1]).TotalMilliseconds:F0} ms after the last join");
            }

            await Assertions.Expect(window.Locator("[data-testid=call-count]")).ToHaveTextAsync("3 人在通话中");
            await Assertions.Expect(police.Locator("[data-testid=call-count]")).ToContainTextAsync("3");
            await Snap(fixture, window, "room-call-two-nodes-zh-CN");

            // A member on node B leaves: the board on node A sees it.
            await road.ClickAsync("[data-testid=call-leave]");
            await Assertions.Expect(window.Locator("[data-testid=call-count]")).ToHaveTextAsync("2 人在通话中");
            await Assertions.Expect(window.Locator("[data-testid=call-tile]")).ToHaveCountAsync(2);
        }
        catch
        {
            await fixture.CaptureAll("failed-two-node-call");
            throw;
        }
    }
}
