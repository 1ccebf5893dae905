using System.Net;
using System.Text.Json.Nodes;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Durability;

/// <summary>
/// The server is killed with SIGKILL right after acknowledging decisions and started again on
/// the same data folder: every acknowledged decision is there, and nothing else.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private const string Password = "crash-test-password";
    private static readonly string[] Departments = ["road-admin", "traffic-police", "housing", "transport", "education", "tax"];
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "consult-crash-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task EveryAcknowledgedDecisionSurvivesASigkillAndNoOtherAppears()
    {
        string roomId;
        var acknowledged = new List<(string Department, string Comment, long Seq)>();
        await using (var server = await ServerProcess.Start(_dataFolder, Password))
        {
            var window = await server.SignIn("window", Password);
            var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
            roomId = (string)(await (await window.Post($"/api/v1/cases/{created["caseId"]}/consultations", new { departments = Departments })).Json(HttpStatusCode.Created))["roomId"]!;

            var clients = await Task.WhenAll(Departments.Select(d => server.SignIn(d, Password)));
            // Every department decides and revises concurrently; each acknowledgement is noted.
            var rounds = Departments.Select((department, i) => Task.Run(async () =>
            {
                var mine = new List<(string, string, long)>();
                for (var revision = 1; revision <= 8; revision++)
                {
                    var comment = $"ack {department} #{revision}";
                    var answer = await (await clients[i].Post($"/api/v1/consultations/{roomId}/decisions",
                        Contract.Decision(department, revision % 2 == 0 ? "approve" : "reject", comment))).Json(HttpStatusCode.OK);
                    mine.Add((department, comment, (long)answer["seq"]!));
                }

                return mine;
            }));
            foreach (var batch in await Task.WhenAll(rounds))
                acknowledged.AddRange(batch);

            server.Kill();
        }

        await using (var restarted = await ServerProcess.Start(_dataFolder, Password))
        {
            var window = await restarted.SignIn("window", Password);
            var events = (await window.Get($"/api/v1/consultations/{roomId}/events?afterSeq=0")).AsArray();
            var decisions = events.Where(e => (string?)e!["type"] == "decisionCast").ToList();

            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => (long)e!["seq"]!));
            Assert.Equal(
                acknowledged.Select(a => a.Comment).Order(),
                decisions.Select(e => (string)e!["payload"]!["comment"]!).Order());
            foreach (var (department, comment, seq) in acknowledged)
            {
                var stored = events.Single(e => (long)e!["seq"]! == seq)!;
                Assert.Equal(comment, (string?)stored["payload"]!["comment"]);
                Assert.Equal(department, (string?)stored["payload"]!["department"]);
            }

            var snapshot = await window.Get($"/api/v1/consultations/{roomId}");
            foreach (var department in Departments)
            {
                var seat = snapshot["seats"]!.AsArray().Single(s => (string?)s!["department"] == department)!;
                Assert.Equal($"ack {department} #8", (string?)seat["decision"]!["comment"]);
                Assert.Equal(8, (int)seat["decision"]!["revision"]!);
            }

            Assert.Equal("approved", (string?)snapshot["jointOutcome"]);
            var closed = await (await window.Post($"/api/v1/consultations/{roomId}/close", new { statement = "重启后继续会商并同意" })).Json(HttpStatusCode.OK);
            Assert.Equal("closed", (string?)closed["status"]);
        }
    }

    /// <summary>
    /// The room's close is written (with what it owes the case, and its reminder) and the node is
    /// killed before the room tells the case: the immediate delivery is turned off in the first run,
    /// so the case cannot have heard of it, whatever the timing. After the restart nobody calls the
    /// room: only its durable reminder can wake it, and the case and its listing must get there.
    /// </summary>
    [Fact]
    public async Task ARoomClosedJustBeforeASigkillDecidesItsCaseAfterTheRestartWithoutAnyCallToTheRoom()
    {
        var settings = new Dictionary<string, string> { ["Consult:Outbox:ReminderPeriod"] = "00:00:05" };
        string caseId, caseNumber;
        await using (var server = await ServerProcess.Start(_dataFolder, Password, new Dictionary<string, string>(settings) { ["Consult:Outbox:DeliverAfterWrite"] = "false" }))
        {
            var window = await server.SignIn("window", Password);
            var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
            caseId = (string)created["caseId"]!;
            caseNumber = (string)created["caseNumber"]!;
            var roomId = (string)(await (await window.Post($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "road-admin" } })).Json(HttpStatusCode.Created))["roomId"]!;
            var rep = await server.SignIn("road-admin", Password);
            await (await rep.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("road-admin", "approve"))).Json(HttpStatusCode.OK);
            // The reminder the opening registered has delivered the opening and is gone, so only
            // what the close itself does can bring the close to the case.
            var giveUp = DateTime.UtcNow.AddSeconds(60);
            while (ReminderRows(roomId) > 0)
            {
                Assert.True(DateTime.UtcNow < giveUp, "The room's reminder from its opening is still there after a minute.");
                await Task.Delay(250);
            }

            var closed = await (await window.Post($"/api/v1/consultations/{roomId}/close", new { statement = "同意" })).Json(HttpStatusCode.OK);
            Assert.Equal("closed", (string?)closed["status"]);

            // The room's close is acknowledged, with its reminder on disk; the case has not heard of it.
            Assert.Equal(1, ReminderRows(roomId));
            Assert.Equal("consulting", (string?)(await window.Get($"/api/v1/cases/{caseId}"))["status"]);
            server.Kill();
        }

        await using (var restarted = await ServerProcess.Start(_dataFolder, Password, settings))
        {
            var window = await restarted.SignIn("window", Password);
            var giveUp = DateTime.UtcNow.AddSeconds(60);
            string? listed;
            while ((listed = await ListedStatus(window, caseNumber)) != "decided")
            {
                Assert.True(DateTime.UtcNow < giveUp, $"The listing still shows the case {listed} a minute after the restart.\n{restarted.Output}");
                await Task.Delay(250);
            }

            var theCase = await window.Get($"/api/v1/cases/{caseId}");
            Assert.Equal("decided", (string?)theCase["status"]);
            Assert.Single(theCase["timeline"]!.AsArray(), t => (string?)t!["type"] == "consultationClosed");
        }
    }

    /// <summary>
    /// The room's outbox reminder rows in the reminder table, read beside the running server (WAL
    /// lets a reader in); an open room's clock has its own reminder, which this test is not about.
    /// </summary>
    private int ReminderRows(string roomId)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dataFolder, "consult.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM reminders WHERE grain_id LIKE $id AND name = 'outbox'";
        count.Parameters.AddWithValue("$id", "%" + Guid.Parse(roomId).ToString("N"));
        return Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string?> ListedStatus(HttpClient window, string caseNumber)
    {
        var page = await window.Get($"/api/v1/cases?q={caseNumber}");
        return (string?)page["items"]!.AsArray().Single(c => (string?)c!["caseNumber"] == caseNumber)!["status"];
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
