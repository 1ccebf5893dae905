using System.Net;
using System.Text.Json.Nodes;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Notifications;

/// <summary>
/// The real server as a child process is killed (SIGKILL) while a notification is owed and started
/// again on the same data folder; nobody calls it after the restart: only the durable reminders can
/// bring the notification to the webhook, with the same <c>id</c>.
/// </summary>
[Collection(QuietCollection.Name)]
public sealed class NotificationRestartTests : IAsyncLifetime
{
    private const string Password = "notify-restart-password";
    private const string HookPath = "/hooks/restart";
    private const string Secret = "restart-secret";
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "consult-notify-" + Guid.NewGuid().ToString("N"));
    private HttpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await HttpSink.Start();

    public async Task DisposeAsync()
    {
        await _sink.DisposeAsync();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task ANotificationTheWebhookRefusedUntilTheNodeWasKilledIsDeliveredAfterTheRestartWithTheSameId()
    {
        _sink.SetDown(HookPath, true);
        string caseId;
        string id;
        await using (var server = await ServerProcess.Start(_dataFolder, Password, Settings()))
        {
            caseId = await OpenRoom(server);
            var refused = await Of(caseId, seen => seen.Count > 0);
            id = IdOf(refused[0]);
            server.Kill();
        }

        _sink.SetDown(HookPath, false);
        await using (var restarted = await ServerProcess.Start(_dataFolder, Password, Settings()))
        {
            var received = await Of(caseId, seen => seen.Any(r => r.Status == 200));
            Assert.All(received, r => Assert.Equal(id, IdOf(r)));
            Assert.All(received, r => Assert.Equal(WebhookNotificationTests.Sign(r.Body, Secret), r.Headers["X-Consult-Signature"]));
            var line = await WebhookNotificationTests.WaitForLog(await restarted.SignIn("window", Password), caseId, id, "delivered");
            Assert.Equal(received.Count, (int)line["attempts"]!);
        }
    }

    /// <summary>
    /// The room hands its notification over only on its durable reminder (as if the node died right
    /// after each write), and the node is killed before that reminder's first tick.
    /// </summary>
    [Fact]
    public async Task ANotificationStillInTheRoomsOutboxWhenTheNodeWasKilledIsDeliveredAfterTheRestart()
    {
        string caseId;
        await using (var server = await ServerProcess.Start(_dataFolder, Password, Settings(("Consult:Outbox:DeliverAfterWrite", "false"))))
        {
            caseId = await OpenRoom(server);
            server.Kill();
        }

        Assert.Empty(Received(caseId));
        await using (var restarted = await ServerProcess.Start(_dataFolder, Password, Settings()))
        {
            var received = await Of(caseId, seen => seen.Count > 0);
            var body = JsonNode.Parse(received[0].Body)!;
            Assert.Equal(("invitation", caseId, "road-admin"), ((string?)body["type"], (string?)body["caseId"], (string?)body["department"]));
            await Task.Delay(1000);
            Assert.Single(Received(caseId));
        }
    }

    private Dictionary<string, string> Settings(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string>
        {
            ["Consult:Notifications:Webhooks:0:Url"] = new Uri(_sink.Address, HookPath).ToString(),
            ["Consult:Notifications:Webhooks:0:Secret"] = Secret,
            ["Consult:Notifications:Webhooks:0:Types:0"] = "invitation",
            ["Consult:Notifications:FirstRetryDelay"] = "00:00:02",
            ["Consult:Outbox:ReminderPeriod"] = "00:00:03",
        };
        foreach (var (key, value) in more)
            settings[key] = value;
        return settings;
    }

    private static async Task<string> OpenRoom(ServerProcess server)
    {
        var window = await server.SignIn("window", Password);
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var caseId = (string)created["caseId"]!;
        await (await window.Post($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "road-admin" } })).Json(HttpStatusCode.Created);
        return caseId;
    }

    /// <summary>What the sink got about this case (the demo data's rooms notify too).</summary>
    private IReadOnlyList<HttpSink.Received> Received(string caseId) =>
        [.. _sink.To(HookPath).Where(r => (string?)JsonNode.Parse(r.Body)!["caseId"] == caseId)];

    private async Task<IReadOnlyList<HttpSink.Received>> Of(string caseId, Func<IReadOnlyList<HttpSink.Received>, bool> done)
    {
        await _sink.WaitFor(HookPath, _ => done(Received(caseId)), TimeSpan.FromSeconds(60));
        return Received(caseId);
    }

    private static string IdOf(HttpSink.Received request) => (string)JsonNode.Parse(request.Body)!["id"]!;
}
