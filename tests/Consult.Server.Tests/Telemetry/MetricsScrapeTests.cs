using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Consult.Client;
using Consult.Rooms;
using Consult.Server.Telemetry;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Telemetry;

/// <summary>
/// <c>/metrics</c> on a real node. Meters are process-wide, so these tests run with no other
/// collection beside them (<see cref="QuietCollection"/>): what they count is theirs alone.
/// </summary>
[Collection(QuietCollection.Name)]
public sealed class MetricsScrapeTests
{
    private const string Decisions = "consult_decisions_cast_total";
    private const string RoomsOpen = "consult_rooms_open";
    private const string Delivered = "consult_decision_delivery_duration_seconds_count";
    private const string HubConnections = "consult_hub_connections";
    private const string HubCalls = "consult_hub_call_duration_seconds_count";

    [Fact]
    public async Task AConsultationShowsInTheScrapeWithTheFrameworksMeters()
    {
        await using var node = LiveNode.Temporary("consult-metrics", new() { ["Consult:Metrics:RoomsRefreshSeconds"] = "0.2" });
        using var scraper = new HttpClient { BaseAddress = node.Address };
        var before = await Eventually(scraper, s => s.Has(RoomsOpen), "the rooms' gauges after the first refresh");

        var roomId = await node.OpenRoom("road-admin", "traffic-police");
        await using var road = await node.Hub("road-admin");
        var log = new EventLog();
        await using var session = await RoomSession.Join(road, roomId, log.Add);
        var police = await node.Http("traffic-police");
        var decided = await (await police.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("traffic-police", "approve"))).Json(HttpStatusCode.OK);
        await log.WaitFor((long)decided["seq"]!);

        var after = await Eventually(scraper,
            s => s.Value(RoomsOpen) == before.Value(RoomsOpen) + 1 && s.Value(Delivered) == before.Value(Delivered) + 1,
            "the new room in the gauge and the decision's delivery timed");
        Assert.Equal(before.Value(Decisions, ("outcome", "approve")) + 1, after.Value(Decisions, ("outcome", "approve")));
        Assert.Equal(before.Value(Decisions, ("outcome", "reject")), after.Value(Decisions, ("outcome", "reject")));
        Assert.Equal(before.Value(HubConnections) + 1, after.Value(HubConnections));
        Assert.True(after.Has("consult_outbox_backlog"));
        // The storage is open: SQLite holds its schemas and page caches in the native heap.
        Assert.True(after.Value("consult_sqlite_memory_bytes") > 0);
        Assert.True(after.Value("consult_decision_delivery_duration_seconds_sum") > before.Value("consult_decision_delivery_duration_seconds_sum"));
        // The hub's calls by method, and the storage's group commits and writes (the decision's among them).
        Assert.True(after.Value(HubCalls, ("method", "JoinRoom")) >= before.Value(HubCalls, ("method", "JoinRoom")) + 1);
        Assert.Equal(before.Value(HubCalls, ("method", "CastDecision")), after.Value(HubCalls, ("method", "CastDecision")));
        Assert.True(after.Value("consult_storage_commit_duration_seconds_count") > before.Value("consult_storage_commit_duration_seconds_count"));
        Assert.True(after.Value("consult_storage_write_duration_seconds_count") > before.Value("consult_storage_write_duration_seconds_count"));
        Assert.True(after.Value("consult_storage_commit_writes_sum") >= after.Value("consult_storage_commit_writes_count"));
        // ASP.NET Core, Kestrel, SignalR's connections, Orleans and the runtime.
        Assert.True(after.Has("http_server_request_duration_seconds_count"));
        Assert.True(after.Has("kestrel_active_connections"));
        Assert.True(after.Value("signalr_server_active_connections") >= 1);
        Assert.True(after.Value("orleans_grains") > 0);
        Assert.True(after.HasPrefix("dotnet_gc_"));
    }

    [Fact]
    public async Task AnAddressOutsideLoopbackAndTheAllowedNetworksIsRefused()
    {
        var address = NonLoopbackAddress();
        await using var node = LiveNode.Temporary("consult-metrics-refused",
            new() { [$"{MetricsOptions.Section}:AllowedNetworks:0"] = "198.51.100.0/24" }, anyAddress: true);
        using var loopback = new HttpClient { BaseAddress = node.Address };
        using var outside = new HttpClient { BaseAddress = new Uri($"http://{address}:{node.HttpPort}") };

        Assert.Equal(HttpStatusCode.OK, (await loopback.GetAsync(TelemetryHostingExtensions.ScrapePath)).StatusCode);
        // The node answers that address (so the refusal below is the guard's, not the network's).
        Assert.Equal(HttpStatusCode.OK, (await outside.GetAsync("/healthz")).StatusCode);
        await (await outside.GetAsync(TelemetryHostingExtensions.ScrapePath)).Problem(HttpStatusCode.Forbidden, "forbidden");
        // Through a proxy on the node's own machine: loopback, but not the scraper's own connection.
        using var proxied = new HttpRequestMessage(HttpMethod.Get, TelemetryHostingExtensions.ScrapePath);
        proxied.Headers.Add("X-Forwarded-For", "203.0.113.7");
        await (await loopback.SendAsync(proxied)).Problem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task AnAddressInAnAllowedNetworkMayScrape()
    {
        var address = NonLoopbackAddress();
        await using var node = LiveNode.Temporary("consult-metrics-allowed",
            new() { [$"{MetricsOptions.Section}:AllowedNetworks:0"] = $"{address}/32" }, anyAddress: true);
        using var outside = new HttpClient { BaseAddress = new Uri($"http://{address}:{node.HttpPort}") };

        var response = await outside.GetAsync(TelemetryHostingExtensions.ScrapePath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Scrape.Parse(await response.Content.ReadAsStringAsync()).HasPrefix("orleans_"));
    }

    /// <summary>An IPv4 address of this machine that is not loopback: the tests need a network interface.</summary>
    private static IPAddress NonLoopbackAddress()
    {
        var address = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        Assert.True(address is not null, "This test needs a network interface with an IPv4 address besides loopback.");
        return address;
    }


    private static async Task<Scrape> Eventually(HttpClient scraper, Func<Scrape, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var scrape = await Scrape.From(scraper);
            if (done(scrape))
                return scrape;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Waited for {what}; the last scrape did not show it.");
            await Task.Delay(100);
        }
    }
}
