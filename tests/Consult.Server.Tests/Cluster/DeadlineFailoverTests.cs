using System.Net;
using System.Text.Json.Nodes;
using Consult.Server.Tests.Fixtures;
using Xunit.Abstractions;

namespace Consult.Server.Tests.Cluster;

/// <summary>
/// Two server processes in Cluster mode on one Redis; rooms whose deadline is seconds away, with a
/// seat that consents by default on timeout. The node holding the first room is killed with
/// SIGKILL at its deadline: the survivor's copy of the room's durable clock reminder (in Redis)
/// finishes the job, and each room records its deadline and deemed consent exactly once.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DeadlineFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "deadline-test-password";
    private const int Rooms = 4;
    private ProcessCluster _cluster = null!;

    private List<ServerProcess> Nodes => _cluster.Nodes;

    public async Task InitializeAsync() => _cluster = await ProcessCluster.Start("consult-deadline-kill", Password, 2, new Dictionary<string, string>
    {
        ["Consult:Clock:ReminderPeriod"] = "00:00:05",
    });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task DeemedConsentAtTheDeadlineHappensOnceEvenWhenTheNodeHoldingTheRoomIsKilledThen()
    {
        var window = await Nodes[0].SignIn("window", Password);
        var road = await Nodes[1].SignIn("road-admin", Password);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(25);
        var rooms = new List<string>();
        for (var i = 0; i < Rooms; i++)
        {
            var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
            var roomId = (string)(await (await window.Post($"/api/v1/cases/{created["caseId"]}/consultations", new
            {
                seats = new object[] { new { department = "road-admin", role = "required" }, new { department = "traffic-police", role = "required", deemedConsentOnTimeout = true } },
                deadline,
            })).Json(HttpStatusCode.Created))["roomId"]!;
            await (await road.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("road-admin", "approve"))).Json(HttpStatusCode.OK);
            rooms.Add(roomId);
        }

        Assert.True(DateTimeOffset.UtcNow < deadline.AddSeconds(-3), "The rooms took too long to set up: the deadline was too close to kill at it.");
        var victim = await ClusterRooms.HolderOf(Nodes, Guid.Parse(rooms[0]), Password);
        var survivor = Nodes.Single(n => n != victim);
        var reader = await survivor.SignIn("manager", Password);
        await Task.Delay(deadline - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(150));
        victim.Kill();
        output.WriteLine($"killed {victim.Address} {(DateTimeOffset.UtcNow - deadline).TotalMilliseconds:F0} ms after the deadline");

        var giveUp = DateTime.UtcNow.AddSeconds(150);
        foreach (var roomId in rooms)
        {
            JsonArray? events;
            while ((events = await Events(reader, roomId)) is null || !events.Any(e => (string?)e!["type"] == "deadlinePassed"))
            {
                Assert.True(DateTime.UtcNow < giveUp, $"Room {roomId} has not passed its deadline 150 s after the kill.\n{survivor.Output}");
                await Task.Delay(500);
            }
        }

        // A tick run twice (once on the dead node, once on the survivor) would log twice: give it two periods.
        await Task.Delay(TimeSpan.FromSeconds(10));
        foreach (var roomId in rooms)
        {
            var events = (await Events(reader, roomId))!;
            Assert.Single(events, e => (string?)e!["type"] == "deadlinePassed");
            var deemed = Assert.Single(events, e => (string?)e!["type"] == "decisionCast" && (string?)e["actor"] == "system")!;
            Assert.Equal(("traffic-police", "deemedConsent"), ((string?)deemed["payload"]!["department"], (string?)deemed["payload"]!["outcome"]));
            Assert.DoesNotContain(events, e => (string?)e!["type"] == "cardIssued" && (string?)e["payload"]!["level"] == "red");
            var room = await reader.Get($"/api/v1/consultations/{roomId}");
            Assert.Equal("approved", (string?)room["jointOutcome"]);
            var seat = room["seats"]!.AsArray().Single(s => (string?)s!["department"] == "traffic-police")!;
            Assert.Equal(("deemedConsent", "system"), ((string?)seat["decision"]!["outcome"], (string?)seat["decision"]!["decidedBy"]));
        }
    }

    /// <summary>The room's log; null while the survivor cannot answer yet (503 until the death is declared).</summary>
    private static async Task<JsonArray?> Events(HttpClient client, string roomId)
    {
        var response = await client.GetAsync($"/api/v1/consultations/{roomId}/events");
        return response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray() : null;
    }
}
