using System.Diagnostics;
using System.Net;
using Consult.Client;
using Consult.Realtime;
using Consult.Rooms;
using Consult.Server.Telemetry;
using Consult.Server.Tests.Fixtures;
using Consult.Telemetry;
using EventLog = Consult.Server.Tests.Fixtures.EventLog;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR.Client;
using OpenTelemetry.Trace;

namespace Consult.Server.Tests.Telemetry;

/// <summary>
/// One decision is one trace: the HTTP request (or the hub call), the room grain's call, and the
/// relay's fan-out to the room's hub connections, linked parent to child, from an in-memory
/// exporter in the node (the room hands its events to the relay of its own node without a call).
/// </summary>
public sealed class TraceTests : IAsyncLifetime
{
    private readonly SpanLog _spans = new();
    private LiveNode _node = null!;

    public Task InitializeAsync()
    {
        _node = LiveNode.Temporary("consult-trace", new() { [TelemetryHostingExtensions.TracingKey] = "true" },
            configure: host => host.ConfigureServices(services =>
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans))));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task ADecisionOverRestIsOneTraceFromTheRequestThroughTheRoomGrainToTheRelay()
    {
        var roomId = await _node.OpenRoom("road-admin", "traffic-police");
        await using var road = await _node.Hub("road-admin");
        var log = new EventLog();
        await using var session = await RoomSession.Join(road, roomId, log.Add);
        var police = await _node.Http("traffic-police");
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/consultations/{roomId}/decisions")
        {
            Content = JsonContent(Contract.Decision("traffic-police", "approve")),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpan}-01");

        var decided = await (await police.SendAsync(request)).Json(HttpStatusCode.OK);
        await log.WaitFor((long)decided["seq"]!);

        var chain = await ChainFromRelay(traceId, roomId);
        var http = chain[^1];
        Assert.Equal("Microsoft.AspNetCore", http.Source.Name);
        Assert.Equal(ActivityKind.Server, http.Kind);
        Assert.Equal(callerSpan, http.ParentSpanId);
        Assert.Contains(chain, s => IsGrainCall(s, "CastDecision") && s.Kind == ActivityKind.Server);
        // One node: the room hands its events to its own node's relay directly (no OnRoomEvents
        // call), so the fan-out is the room call's own child.
        Assert.DoesNotContain(chain, s => IsGrainCall(s, nameof(IRoomRelay.OnRoomEvents)));
        Assert.True(IsGrainCall(chain[1], "CastDecision") && chain[1].Kind == ActivityKind.Server, $"The fan-out's parent is {chain[1].DisplayName}.");
        Assert.All(chain, s => Assert.Equal(traceId, s.TraceId));
    }

    [Fact]
    public async Task ADecisionOverTheHubIsOneTraceFromTheHubCallToTheRelay()
    {
        var roomId = await _node.OpenRoom("road-admin", "traffic-police");
        await using var road = await _node.Hub("road-admin");
        var log = new EventLog();
        await using var session = await RoomSession.Join(road, roomId, log.Add);
        await using var police = await _node.Hub("traffic-police");

        var snapshot = await police.InvokeAsync<RoomSnapshot>(HubContract.CastDecision, roomId,
            new DecisionInput("traffic-police", DecisionOutcome.Approve, Guid.NewGuid().ToString("N")));
        await log.WaitFor(snapshot.Seq);

        // The exporter hears every node in this process (activity sources are static), and tests of
        // other classes cast decisions over their hubs meanwhile: start from this room's fan-out.
        var relay = await Eventually(() => _spans.All().FirstOrDefault(s => IsDecisionFanOut(s, roomId)));
        var chain = await ChainFromRelay(relay.TraceId, roomId);
        var hubCall = chain[^1];
        Assert.Equal("Microsoft.AspNetCore.SignalR.Server", hubCall.Source.Name);
        Assert.EndsWith(HubContract.CastDecision, hubCall.DisplayName, StringComparison.Ordinal);
        Assert.Contains(chain, s => IsGrainCall(s, "CastDecision") && s.Kind == ActivityKind.Server);
    }

    /// <summary>
    /// The relay's fan-out span of a decision in <paramref name="roomId"/> and its ancestors in the
    /// trace, up to the first whose parent was not recorded here (the request's own span).
    /// </summary>
    private async Task<IReadOnlyList<Activity>> ChainFromRelay(ActivityTraceId traceId, Guid roomId)
    {
        var relay = await Eventually(() => _spans.Of(traceId).FirstOrDefault(s => IsDecisionFanOut(s, roomId)));
        // The request's span ends last: wait until the chain reaches a span whose parent is not in this process.
        return await Eventually(() =>
        {
            var byId = _spans.Of(traceId).ToDictionary(s => s.SpanId);
            List<Activity> chain = [relay];
            while (byId.TryGetValue(chain[^1].ParentSpanId, out var parent))
                chain.Add(parent);
            return chain[^1].Source.Name is "Microsoft.AspNetCore" or "Microsoft.AspNetCore.SignalR.Server" ? chain : null;
        });
    }

    private static bool IsDecisionFanOut(Activity span, Guid roomId) =>
        span.Source.Name == ConsultTracing.SourceName
        && (string?)span.GetTagItem("consult.room.id") == roomId.ToString("N")
        && (string?)span.GetTagItem("consult.room.event") == RoomEventTypes.DecisionCast;

    private static bool IsGrainCall(Activity span, string method) =>
        span.Source.Name == Orleans.Diagnostics.ActivitySources.ApplicationGrainActivitySourceName
        && ((string?)span.GetTagItem("rpc.method"))?.EndsWith("/" + method, StringComparison.Ordinal) == true;

    private static HttpContent JsonContent(object body) => System.Net.Http.Json.JsonContent.Create(body, options: Consult.Common.ConsultJson.Options);

    private static async Task<T> Eventually<T>(Func<T?> probe) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (probe() is { } found)
                return found;
            if (DateTime.UtcNow > deadline)
                Assert.Fail("Waited 20 s for the spans of the decision.");
            await Task.Delay(50);
        }
    }
}
