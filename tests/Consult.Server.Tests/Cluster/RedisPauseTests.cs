using System.Collections.Immutable;
using System.Net;
using System.Text.Json.Nodes;
using Consult.Client;
using Consult.Realtime;
using Consult.Rooms;
using Consult.Server.Tests.Fixtures;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR;
using Xunit.Abstractions;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace Consult.Server.Tests.Cluster;

/// <summary>
/// Redis is frozen (SIGSTOP) for a few seconds under two running nodes: commands meanwhile fail
/// with <c>unavailable</c>, none reports a success it did not have, and after SIGCONT everything
/// works again with no node restarted.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RedisPauseTests(ITestOutputHelper output) : IAsyncLifetime
{
    // Redis commands give up after a second, so the few seconds of the pause are seen as failures.
    private const string RedisTimeouts = "asyncTimeout=1000,syncTimeout=1000";
    private readonly string _folder = TempFolder.New("consult-redis-pause");
    private RedisServer _redis = null!;
    private LiveNode _a = null!;
    private LiveNode _b = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.Start();
        var settings = ClusterSettings.For(_redis, _folder, RedisTimeouts);
        _a = new LiveNode(Path.Combine(_folder, "a"), settings: settings);
        _b = new LiveNode(Path.Combine(_folder, "b"), settings: settings);
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        await _redis.DisposeAsync();
        TempFolder.Delete(_folder);
    }

    [Fact]
    public async Task CommandsFailClearlyWhileRedisIsFrozenAndWorkAgainAfterwardsWithoutARestart()
    {
        // Both nodes have just started: until each one's reminder service has read its range, a command
        // that arms a clock is refused with 503 unavailable (CI met it once), and /readyz says so. The
        // freeze is measured from a cluster whose nodes are both ready.
        foreach (var node in new[] { _a, _b })
        {
            using var probe = new HttpClient { BaseAddress = node.Address };
            Assert.Equal(HttpStatusCode.OK, await Readiness.Within(probe, TimeSpan.FromSeconds(60)));
        }

        var window = await _a.Http("window");
        var road = await _a.Http("road-admin");
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var roomId = Guid.Parse((string)(await (await window.Post($"/api/v1/cases/{created["caseId"]}/consultations", new { departments = new[] { "road-admin", "traffic-police" } })).Json(HttpStatusCode.Created))["roomId"]!);
        await (await road.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("road-admin", "reject", "冻结前的意见", key: "before"))).Json(HttpStatusCode.OK);

        var log = new EventLog();
        await using var police = await _b.Hub("traffic-police");
        var session = await RoomSession.Join(police, roomId, log.Add);

        await _redis.Pause();
        var clock = Stopwatch.StartNew();
        try
        {
            // At once: through node A over REST, through node B over the hub, and a new case (new grains).
            var restDecision = road.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("road-admin", "approve", "冻结期间的意见", key: "during-rest"));
            var hubDecision = Assert.ThrowsAsync<HubException>(() => police.InvokeAsync<RoomSnapshot>(HubContract.CastDecision, roomId,
                new DecisionInput("traffic-police", DecisionOutcome.Approve, "during-hub", "冻结期间的意见")));
            var newCase = window.Post("/api/v1/cases", Contract.NewCase());

            await (await restDecision).Problem(HttpStatusCode.ServiceUnavailable, "unavailable");
            Assert.True((await restDecision).Headers.RetryAfter is not null, "A 503 says when to retry.");
            Assert.Equal("unavailable", HubContract.CodeOf((await hubDecision).Message));
            await (await newCase).Problem(HttpStatusCode.ServiceUnavailable, "unavailable");
            output.WriteLine($"three commands refused with 'unavailable' within {clock.Elapsed.TotalSeconds:F1} s of the freeze");
        }
        finally
        {
            await _redis.Resume();
        }

        var frozenFor = clock.Elapsed;
        // The same commands again, with the same keys: each is recorded once, whether or not the
        // refused attempt reached Redis after all.
        var afterwards = Stopwatch.StartNew();
        await Eventually(async () => (await road.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("road-admin", "approve", "冻结期间的意见", key: "during-rest"))).StatusCode == HttpStatusCode.OK);
        await Eventually(async () =>
        {
            await police.InvokeAsync<RoomSnapshot>(HubContract.CastDecision, roomId, new DecisionInput("traffic-police", DecisionOutcome.Approve, "during-hub", "冻结期间的意见"));
            return true;
        });
        await Eventually(async () => (await window.Post("/api/v1/cases", Contract.NewCase())).StatusCode == HttpStatusCode.Created);
        output.WriteLine($"Redis frozen for {frozenFor.TotalSeconds:F1} s; working again {afterwards.Elapsed.TotalSeconds:F1} s after SIGCONT");

        var closed = await (await _b.Http("window")).Post($"/api/v1/consultations/{roomId}/close", new { statement = "Redis 恢复后同意" });
        var snapshot = await closed.Json(HttpStatusCode.OK);
        Assert.Equal("approved", (string?)snapshot["jointOutcome"]);
        var last = (long)snapshot["seq"]!;

        var room = (await police.InvokeAsync<ImmutableArray<RoomEvent>>(HubContract.Resync, roomId, 0L)).ToDictionary(e => e.Seq);
        Assert.Equal(last, room.Count);
        var decisions = room.Values.Where(e => e.Type == RoomEventTypes.DecisionCast)
            .Select(e => (e.Actor, Comment: JsonNode.Parse(e.Payload)!["comment"]!.GetValue<string>())).ToList();
        // Once each: the refused attempt may have reached Redis after SIGCONT; its retry then recorded nothing more.
        Assert.Equal([("road-admin", "冻结前的意见"), ("road-admin", "冻结期间的意见"), ("traffic-police", "冻结期间的意见")], decisions.Order());

        // The hub client on node B saw everything, in order, without reconnecting.
        await log.WaitFor(last);
        ClusterLogs.AssertGapless("traffic-police", log, session.Snapshot.Seq, last);
        ClusterLogs.AssertSameAsRoom("traffic-police", log, room);
        foreach (var node in new[] { _a, _b })
        {
            using var probe = new HttpClient { BaseAddress = node.Address };
            Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/readyz")).StatusCode);
        }
    }

    /// <summary>Retries until the command succeeds; Redis and the nodes need a moment after SIGCONT.</summary>
    private static async Task Eventually(Func<Task<bool>> command)
    {
        var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                if (await command())
                    return;
            }
            catch (HubException e) when (HubContract.CodeOf(e.Message) == "unavailable")
            {
            }

            Assert.True(DateTime.UtcNow < giveUp, "The cluster did not work again within 20 s of SIGCONT.");
            await Task.Delay(200);
        }
    }
}
