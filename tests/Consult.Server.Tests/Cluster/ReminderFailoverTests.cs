using System.Net;
using System.Text.Json.Nodes;
using Consult.Server.Tests.Fixtures;
using Xunit.Abstractions;

namespace Consult.Server.Tests.Cluster;

/// <summary>
/// Two server processes in Cluster mode on one Redis. Rooms are closed with their immediate
/// delivery held back, so each close reaches its case only through the room's durable reminder
/// (in Redis); the node holding the first room is killed with SIGKILL before any reminder is due.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ReminderFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "reminder-test-password";
    // Rooms spread over both nodes and over the reminder ring: with eight, the chance that none of
    // their reminders was the dead node's to fire is about 1 in 256.
    private const int Rooms = 8;
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromSeconds(30);
    private ProcessCluster _cluster = null!;

    private List<ServerProcess> Nodes => _cluster.Nodes;

    public async Task InitializeAsync() => _cluster = await ProcessCluster.Start("consult-reminder-kill", Password, 2, new Dictionary<string, string>
    {
        ["Consult:Outbox:ReminderPeriod"] = ReminderPeriod.ToString(),
        ["Consult:Outbox:DeliverAfterWrite"] = "false",
    });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task ClosesOwedByRoomsOnAKilledNodeReachTheirCasesThroughTheReminders()
    {
        var started = DateTime.UtcNow;
        var window = await Nodes[0].SignIn("window", Password);
        var rep = await Nodes[1].SignIn("road-admin", Password);
        var cases = new List<(string CaseId, string CaseNumber, string RoomId)>();
        for (var i = 0; i < Rooms; i++)
        {
            var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
            var caseId = (string)created["caseId"]!;
            var roomId = (string)(await (await window.Post($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "road-admin" } })).Json(HttpStatusCode.Created))["roomId"]!;
            await (await rep.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("road-admin", "approve"))).Json(HttpStatusCode.OK);
            var closed = await (await window.Post($"/api/v1/consultations/{roomId}/close", new { statement = "同意" })).Json(HttpStatusCode.OK);
            Assert.Equal("closed", (string?)closed["status"]);
            cases.Add((caseId, (string)created["caseNumber"]!, roomId));
        }

        // Every room is closed and no case has heard of it; no reminder is due yet.
        foreach (var (caseId, _, _) in cases)
            Assert.Equal("consulting", (string?)(await window.Get($"/api/v1/cases/{caseId}"))["status"]);
        Assert.True(DateTime.UtcNow - started < ReminderPeriod, "The rooms took longer to set up than a reminder's period: a reminder may have fired before the kill.");
        var victim = await ClusterRooms.HolderOf(Nodes, Guid.Parse(cases[0].RoomId), Password);
        var survivor = Nodes.Single(n => n != victim);
        // Signed in before the kill: the user's grain may be on the node that dies.
        var reader = await survivor.SignIn("window", Password);
        victim.Kill();
        output.WriteLine($"killed {victim.Address}, {(DateTime.UtcNow - started).TotalSeconds:F1} s after the first room opened");

        var giveUp = DateTime.UtcNow.AddSeconds(150);
        var pending = cases.ToList();
        while (pending.Count > 0)
        {
            Assert.True(DateTime.UtcNow < giveUp, $"{pending.Count} of {Rooms} cases are still not decided in the listing 150 s after the kill.\n{survivor.Output}");
            await Task.Delay(500);
            foreach (var item in pending.ToList())
            {
                if (await ListedStatus(reader, item.CaseNumber) == "decided")
                    pending.Remove(item);
            }
        }

        output.WriteLine($"all {Rooms} cases decided {(DateTime.UtcNow - started).TotalSeconds:F1} s after the first room opened");
        foreach (var (caseId, _, _) in cases)
            Assert.Equal("decided", (string?)(await reader.Get($"/api/v1/cases/{caseId}"))["status"]);
    }

    /// <summary>The case's status in the listing; null while the survivor cannot answer yet (503 until the death is declared).</summary>
    private static async Task<string?> ListedStatus(HttpClient client, string caseNumber)
    {
        var response = await client.GetAsync($"/api/v1/cases?q={caseNumber}");
        if (response.StatusCode != HttpStatusCode.OK)
            return null;
        var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (string?)page["items"]!.AsArray().SingleOrDefault(c => (string?)c!["caseNumber"] == caseNumber)?["status"];
    }
}
