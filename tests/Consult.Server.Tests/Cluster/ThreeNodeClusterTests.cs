using System.Collections.Immutable;
using System.Net;
using Consult.Client;
using Consult.Realtime;
using Consult.Rooms;
using Consult.Server.Tests.Fixtures;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Consult.Server.Tests.Cluster;

/// <summary>Three hosts in Cluster mode on one real Redis: one consultation, its people spread over all three.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ThreeNodeClusterTests : IAsyncLifetime
{
    private static readonly string[] Departments = ["road-admin", "traffic-police", "housing", "transport", "education", "tax"];
    private RedisNodes _cluster = null!;

    private IReadOnlyList<LiveNode> Nodes => _cluster.Nodes;

    public async Task InitializeAsync() => _cluster = await RedisNodes.Start("consult-three-nodes", 3);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task AConsultationWhoseClientsAreOnAllThreeNodesRunsToTheEndAndEveryClientSeesEveryEventInOrder()
    {
        var hosts = await Nodes[0].Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(3, hosts.Count);

        // Tokens come from node 0 and are used on every node: the data-protection keys are shared in Redis.
        var window = await Nodes[1].Http("window");
        window.DefaultRequestHeaders.Authorization = new("Bearer", await Nodes[0].Token("window"));
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var roomId = Guid.Parse((string)(await (await window.Post($"/api/v1/cases/{created["caseId"]}/consultations", new { departments = Departments })).Json(HttpStatusCode.Created))["roomId"]!);

        // The case list's CSV on another node, from that node's own case index (told of the new case through Redis).
        var lister = await Nodes[2].Http("window");
        lister.DefaultRequestHeaders.Authorization = new("Bearer", await Nodes[0].Token("window"));
        var csv = await lister.GetAsync("/api/v1/cases.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var rows = CsvRows.Read(await csv.Content.ReadAsByteArrayAsync());
        Assert.Contains(rows, r => r["caseId"] == (string)created["caseId"]!);
        Assert.Equal(rows.OrderByDescending(r => r["createdAt"], StringComparer.Ordinal).Select(r => r["caseId"]), rows.Select(r => r["caseId"]));

        // Two representatives per node, and the convener on the third.
        var clients = new List<(string Name, HubConnection Connection, RoomSession Session, EventLog Log)>();
        for (var i = 0; i < Departments.Length; i++)
            clients.Add(await Join(Nodes[i % 3], Departments[i], roomId));
        clients.Add(await Join(Nodes[2], "window", roomId));

        // Everybody acts at once, each through their own node: a first decision, a message, a revision.
        var acknowledged = await Task.WhenAll(Departments.Select((department, i) => Task.Run(async () =>
        {
            var connection = clients[i].Connection;
            var first = await connection.InvokeAsync<RoomSnapshot>(HubContract.CastDecision, roomId,
                new DecisionInput(department, DecisionOutcome.Reject, Guid.NewGuid().ToString("N"), $"{department} 初审不同意"));
            await connection.InvokeAsync(HubContract.PostMessage, roomId, new ChatMessage($"{department} 补充意见", $"m-{department}"));
            var revised = await connection.InvokeAsync<RoomSnapshot>(HubContract.CastDecision, roomId,
                new DecisionInput(department, DecisionOutcome.Approve, Guid.NewGuid().ToString("N"), $"{department} 同意"));
            return (first.Seq, revised.Seq);
        })));
        Assert.All(acknowledged, a => Assert.True(a.Item2 > a.Item1));

        var closed = await (await Nodes[1 % 3].Http("window")).Post($"/api/v1/consultations/{roomId}/close", new { statement = "三个节点上联合会商同意" });
        var snapshot = await closed.Json(HttpStatusCode.OK);
        Assert.Equal("closed", (string?)snapshot["status"]);
        Assert.Equal("approved", (string?)snapshot["jointOutcome"]);
        var last = (long)snapshot["seq"]!;

        var room = (await clients[0].Connection.InvokeAsync<ImmutableArray<RoomEvent>>(HubContract.Resync, roomId, 0L)).ToDictionary(e => e.Seq);
        Assert.Equal(last, room.Count);
        Assert.Equal(RoomEventTypes.RoomClosed, room[last].Type);
        Assert.Equal(2 * Departments.Length, room.Values.Count(e => e.Type == RoomEventTypes.DecisionCast));
        foreach (var (name, connection, session, log) in clients)
        {
            await log.WaitFor(last);
            ClusterLogs.AssertGapless(name, log, session.Snapshot.Seq, last);
            ClusterLogs.AssertSameAsRoom(name, log, room);
        }

        // The joint record, made on one node and kept in Redis: another node answers the same record, a third verifies its hash.
        var record = await (await Nodes[2].Http("window")).GetStringAsync($"/api/v1/consultations/{roomId}/record");
        var elsewhere = await (await Nodes[0].Http("road-admin")).GetStringAsync($"/api/v1/consultations/{roomId}/record");
        Assert.Equal(Records.RecordApiTests.RecordText(record), Records.RecordApiTests.RecordText(elsewhere));
        var sha256 = (string)System.Text.Json.Nodes.JsonNode.Parse(elsewhere)!["sha256"]!;
        Assert.Equal(Records.RecordApiTests.Hash(Records.RecordApiTests.RecordText(record)), sha256);
        using var anonymous = new HttpClient { BaseAddress = Nodes[1].Address };
        Assert.Equal("approved", (string?)(await anonymous.Get($"/api/v1/records/{sha256}"))["jointOutcome"]);

        foreach (var (_, connection, session, _) in clients)
        {
            await session.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    private static async Task<(string, HubConnection, RoomSession, EventLog)> Join(LiveNode node, string userName, Guid roomId)
    {
        var log = new EventLog();
        var connection = await node.Hub(userName);
        var session = await RoomSession.Join(connection, roomId, log.Add);
        return ($"{userName}@{node.Address.Port}", connection, session, log);
    }
}
