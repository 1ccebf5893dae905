using System.Collections.Concurrent;
using System.Collections.Immutable;
using Stopwatch = System.Diagnostics.Stopwatch;
using System.Net;
using Consult.Client;
using Consult.Realtime;
using Consult.Rooms;
using Consult.Server.Tests.Fixtures;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace Consult.Server.Tests.Cluster;

/// <summary>
/// Three server processes in Cluster mode; the one holding the room grain is killed with SIGKILL
/// while departments are deciding through all three. Measures the time until the room answers again.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class NodeKillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "kill-test-password";
    private static readonly string[] Departments = ["road-admin", "traffic-police", "housing", "transport", "education", "tax"];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _folder = TempFolder.New("consult-kill");
    private RedisServer _redis = null!;
    private readonly List<ServerProcess> _nodes = [];

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.Start();
        var settings = ClusterSettings.For(_redis, _folder);
        try
        {
            // One after the other, each held at once, all stopped if one fails: no node outlives the test unseen.
            for (var i = 0; i < 3; i++)
                _nodes.Add(await ServerProcess.Start(Path.Combine(_folder, $"node{i}"), Password, settings));
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
            await node.DisposeAsync();
        await _redis.DisposeAsync();
        TempFolder.Delete(_folder);
    }

    [Fact]
    public async Task KillingTheNodeThatHoldsTheRoomLosesNoAcknowledgedDecisionAndTheConsultationFinishes()
    {
        var window = await _nodes[0].SignIn("window", Password);
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var roomId = Guid.Parse((string)(await (await window.Post($"/api/v1/cases/{created["caseId"]}/consultations", new { departments = Departments })).Json(HttpStatusCode.Created))["roomId"]!);
        var victim = await HolderOf(roomId);
        var survivors = _nodes.Where(n => n != victim).ToList();
        output.WriteLine($"room {roomId} is on {victim.Address}");

        // Two representatives per node, so that some are on the node that dies.
        var clients = new List<Client>();
        for (var i = 0; i < Departments.Length; i++)
            clients.Add(await Client.Join(_nodes[i % 3], Departments[i], Password, roomId));

        // Every department keeps revising its decision through its own node until the kill.
        var acknowledged = new ConcurrentBag<(string Comment, long Seq)>();
        using var stop = new CancellationTokenSource();
        var deciding = clients.Select(client => Task.Run(async () =>
        {
            for (var revision = 1; !stop.IsCancellationRequested; revision++)
            {
                var comment = $"{client.Department} 第{revision}次意见";
                try
                {
                    var answer = await client.Connection.InvokeAsync<RoomSnapshot>(HubContract.CastDecision, roomId,
                        new DecisionInput(client.Department, DecisionOutcome.Reject, Guid.NewGuid().ToString("N"), comment));
                    acknowledged.Add((comment, answer.Seq));
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    return;
                }

                await Task.Delay(50);
            }
        })).ToList();
        while (acknowledged.Count < 3 * Departments.Length)
            await Task.Delay(20);

        var reader = await survivors[0].SignIn("window", Password);
        // No new command starts once the kill is under way; those in flight may succeed or fail.
        stop.Cancel();
        var clock = Stopwatch.StartNew();
        victim.Kill();
        var killedAt = clock.Elapsed;
        await Task.WhenAll(deciding);
        var beforeKill = acknowledged.ToList();

        // Until the room answers again, a survivor answers 503 unavailable, never a success or a 500.
        var refusals = new List<HttpStatusCode>();
        while (true)
        {
            Assert.True(clock.Elapsed - killedAt < Patience, $"The room did not answer within {Patience}; refusals: {string.Join(",", refusals)}");
            var response = await reader.GetAsync($"/api/v1/consultations/{roomId}");
            if (response.StatusCode == HttpStatusCode.OK)
                break;
            await response.Problem(HttpStatusCode.ServiceUnavailable, "unavailable");
            refusals.Add(response.StatusCode);
            await Task.Delay(100);
        }

        var failover = clock.Elapsed - killedAt;
        output.WriteLine($"{beforeKill.Count} decisions acknowledged before the kill; the room answered again {failover.TotalSeconds:F2} s after it ({refusals.Count} requests refused with 503 meanwhile)");

        // Every decision acknowledged before the kill is in the room's log, at the seq it was acknowledged with.
        var events = (await reader.Get($"/api/v1/consultations/{roomId}/events?afterSeq=0")).AsArray();
        foreach (var (comment, seq) in beforeKill)
            Assert.Equal(comment, (string?)events[(int)seq - 1]!["payload"]!["comment"]);

        // Clients of the dead node come back through a survivor and fetch what they missed.
        for (var i = 0; i < clients.Count; i++)
            if (clients[i].Node == victim)
                clients[i] = await clients[i].MoveTo(survivors[i % survivors.Count], roomId);

        // The consultation goes on to its end.
        foreach (var client in clients)
            await Retry(() => client.Connection.InvokeAsync<RoomSnapshot>(HubContract.CastDecision, roomId,
                new DecisionInput(client.Department, DecisionOutcome.Approve, $"final-{client.Department}", $"{client.Department} 最终同意")));
        var closed = await Retry(async () =>
        {
            var response = await reader.Post($"/api/v1/consultations/{roomId}/close", new { statement = "节点故障后继续会商并同意" });
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                throw new HubException("unavailable: retry");
            return await response.Json(HttpStatusCode.OK);
        });
        Assert.Equal("approved", (string?)closed["jointOutcome"]);
        var last = (long)closed["seq"]!;

        var room = (await clients[0].Connection.InvokeAsync<ImmutableArray<RoomEvent>>(HubContract.Resync, roomId, 0L)).ToDictionary(e => e.Seq);
        Assert.Equal(last, room.Count);
        foreach (var client in clients)
        {
            await client.Log.WaitFor(last, TimeSpan.FromSeconds(30));
            ClusterLogs.AssertGapless(client.Name, client.Log, client.JoinedAt, last);
            ClusterLogs.AssertSameAsRoom(client.Name, client.Log, room);
        }

        foreach (var client in clients)
            await client.Connection.DisposeAsync();
    }

    private async Task<ServerProcess> HolderOf(Guid roomId)
    {
        var manager = await _nodes[0].SignIn("manager", Password);
        var silo = (string?)(await manager.Get($"/api/v1/admin/cluster/rooms/{roomId}"))["silo"];
        Assert.NotNull(silo);
        foreach (var node in _nodes)
        {
            var self = (string?)(await (await node.SignIn("manager", Password)).Get("/api/v1/admin/cluster"))["self"];
            if (self == silo)
                return node;
        }

        throw new InvalidOperationException($"No node is silo {silo}.");
    }

    /// <summary>Repeats a command refused as unavailable (the room is moving) until it succeeds.</summary>
    private static async Task<T> Retry<T>(Func<Task<T>> command)
    {
        var giveUp = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                return await command();
            }
            catch (HubException e) when (HubContract.CodeOf(e.Message) == "unavailable" && DateTime.UtcNow < giveUp)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>One department's representative, connected to one node, with everything it was handed.</summary>
    private sealed record Client(string Department, string Token, ServerProcess Node, HubConnection Connection, RoomSession Session, EventLog Log, long JoinedAt)
    {
        public string Name => $"{Department}@{Node.Address.Port}";

        public static async Task<Client> Join(ServerProcess node, string department, string password, Guid roomId)
        {
            using var http = await node.SignIn(department, password);
            var token = http.DefaultRequestHeaders.Authorization!.Parameter!;
            var log = new EventLog();
            var connection = await Connect(node, token);
            var session = await RoomSession.Join(connection, roomId, log.Add);
            return new Client(department, token, node, connection, session, log, session.Snapshot.Seq);
        }

        /// <summary>
        /// What the client helper does behind a load balancer: the same token (keys are shared), the
        /// same room, on another node, from the last event it had.
        /// </summary>
        public async Task<Client> MoveTo(ServerProcess node, Guid roomId)
        {
            await Connection.DisposeAsync();
            var connection = await Connect(node, Token);
            var session = await Retry(() => RoomSession.Join(connection, roomId, Log.Add, resumeAfter: Session.LastSeq));
            return this with { Node = node, Connection = connection, Session = session };
        }

        private static async Task<HubConnection> Connect(ServerProcess node, string token)
        {
            var connection = ConsultHub.Connect(node.Address, () => Task.FromResult<string?>(token));
            await connection.StartAsync();
            return connection;
        }
    }
}
