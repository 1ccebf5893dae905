using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Api;

/// <summary>
/// The one complete supplement notice and the applicant's supplement through the tracking link
/// (<c>POST /api/v1/track/{token}/materials</c>), with versions and stale decisions, over REST.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SupplementApiTests(ConsultApp app)
{
    [Fact]
    public async Task ClosingOnASupplementIsAConflictWhileARequiredSeatIsUndecidedAndChangesNothing()
    {
        var window = await app.SignIn("window");
        var road = await app.SignIn("road-admin");
        var (caseId, _, roomId) = await OpenRoom(window);
        var asked = await (await road.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("road-admin", "requestSupplement", "请补充施工方案"))).Json(HttpStatusCode.OK);
        Assert.Equal("supplementRequired", (string?)asked["jointOutcome"]);

        var refused = await (await window.Post($"/api/v1/consultations/{roomId}/close", new { statement = "请补正" })).Problem(HttpStatusCode.Conflict, "conflict");

        Assert.Contains("traffic-police", (string?)refused["detail"]);
        var room = await window.Get($"/api/v1/consultations/{roomId}");
        Assert.Equal("open", (string?)room["status"]);
        Assert.Equal((long)asked["seq"]!, (long)room["seq"]!);
        var theCase = await window.Get($"/api/v1/cases/{caseId}");
        Assert.Equal("consulting", (string?)theCase["status"]);
        Assert.Null(theCase["supplement"]);
    }

    [Fact]
    public async Task TheApplicantsSupplementThroughTheLinkIsVersionTwoResumesTheClockAndMarksOlderDecisionsStale()
    {
        var window = await app.SignIn("window");
        var (caseId, token, roomId) = await Supplemented(window);
        var anonymous = app.CreateClient();
        var tracked = await anonymous.Get($"/api/v1/track/{token}");
        Assert.Equal("supplementRequired", (string?)tracked["status"]);
        var notice = tracked["supplement"]!;
        Assert.Equal(["road-admin"], notice["requests"]!.AsArray().Select(r => (string?)r!["department"]));
        Assert.Equal(["施工方案缺少夜间施工安排", "请补充应急预案"], notice["requests"]![0]!["items"]!.AsArray().Select(i => (string?)i));
        Assert.Empty(notice["unanswered"]!.AsArray());
        Assert.Null(notice["resubmittedAt"]);

        var bytes = Encoding.UTF8.GetBytes("施工方案 第二版 " + Guid.NewGuid());
        var answer = await anonymous.PostAsync($"/api/v1/track/{token}/materials", Upload(("施工方案（补正）.pdf", bytes, "application/pdf")));
        var submitted = await answer.Json(HttpStatusCode.Created);

        Assert.Equal("符合有关技术标准、规范要求的设计和施工方案", (string?)submitted["materials"]![0]!["name"]);
        Assert.Equal(2, (int)submitted["materials"]![0]!["version"]!);
        Assert.False((bool)submitted["statutory"]!["paused"]!);
        Assert.NotNull(submitted["supplement"]!["resubmittedAt"]);
        Assert.NotNull((await anonymous.Get($"/api/v1/track/{token}"))["supplement"]!["resubmittedAt"]);
        var materials = (await window.Get($"/api/v1/cases/{caseId}"))["materials"]!.AsArray();
        Assert.Equal([1, 2], materials.Select(m => (int)m!["version"]!));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), (string?)materials[1]!["sha256"]);
        Assert.Equal("applicant", (string?)materials[1]!["uploadedBy"]);

        var room = await Eventually(() => window.Get($"/api/v1/consultations/{roomId}"),
            r => r["seats"]!.AsArray().All(s => (bool)s!["decision"]!["stale"]!), "every decision on version 1 is stale");
        Assert.Equal(2, (int)room["materials"]![0]!["version"]!);
        Assert.All(room["seats"]!.AsArray(), s => Assert.Equal(1, (int)s!["decision"]!["materials"]![0]!["version"]!));

        // Answered: nothing is asked any more.
        await (await anonymous.PostAsync($"/api/v1/track/{token}/materials", Upload(("申请书.pdf", [1, 2, 3], "application/pdf"))))
            .Problem(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task AnUploadThroughTheLinkWhenNoSupplementIsAskedIsAConflictAndStoresNothing()
    {
        var window = await app.SignIn("window");
        var (caseId, token, _) = await OpenRoom(window);

        await (await app.CreateClient().PostAsync($"/api/v1/track/{token}/materials", Upload(("申请书.pdf", [1, 2, 3], "application/pdf"))))
            .Problem(HttpStatusCode.Conflict, "conflict");
        await (await app.CreateClient().PostAsync($"/api/v1/track/{new string('A', 32)}/materials", Upload(("申请书.pdf", [1, 2, 3], "application/pdf"))))
            .Problem(HttpStatusCode.NotFound, "not_found");
        Assert.Single((await window.Get($"/api/v1/cases/{caseId}"))["materials"]!.AsArray());
    }

    [Theory]
    [InlineData("page.html", "text/html", 10)]
    [InlineData("run.exe", "application/x-msdownload", 10)]
    [InlineData("big.pdf", "application/pdf", 4097)]
    [InlineData("empty.pdf", "application/pdf", 0)]
    public async Task AFileOfTheWrongTypeOrSizeIsInvalidInputAndTheSupplementStaysAsked(string name, string type, int size)
    {
        var window = await app.SignIn("window");
        var (caseId, token, _) = await Supplemented(window);

        await (await app.CreateClient().PostAsync($"/api/v1/track/{token}/materials", Upload((name, new byte[size], type))))
            .Problem(HttpStatusCode.BadRequest, "invalid_input");

        var theCase = await window.Get($"/api/v1/cases/{caseId}");
        Assert.Single(theCase["materials"]!.AsArray());
        Assert.True((bool)theCase["statutory"]!["paused"]!);
        Assert.Null(theCase["supplement"]!["resubmittedAt"]);
    }

    [Fact]
    public async Task ANewVersionMarksADecisionStaleOnTheRoomUntilItsDepartmentCastsAgain()
    {
        var window = await app.SignIn("window");
        var police = await app.SignIn("traffic-police");
        var (caseId, _, roomId) = await OpenRoom(window, withMaterial: true);
        var before = await (await police.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("traffic-police", "approve"))).Json(HttpStatusCode.OK);
        Assert.False((bool)PoliceDecision(before)["stale"]!);

        // Named by the form's `name` field (the material's English name) rather than by the file's.
        var form = Upload(("revised.pdf", Encoding.UTF8.GetBytes("v2 " + Guid.NewGuid()), "application/pdf"));
        form.Add(new StringContent("Design and construction plan meeting the technical standards"), "name");
        var upload = await (await window.PostAsync($"/api/v1/cases/{caseId}/materials", form)).Json(HttpStatusCode.Created);
        Assert.Equal(("符合有关技术标准、规范要求的设计和施工方案", 2, "revised.pdf"), ((string?)upload["name"], (int)upload["version"]!, (string?)upload["fileName"]));
        await Eventually(() => window.Get($"/api/v1/consultations/{roomId}"), r => (bool)PoliceDecision(r)["stale"]!, "the decision on version 1 is stale");

        var recast = await (await police.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("traffic-police", "approve"))).Json(HttpStatusCode.OK);
        Assert.False((bool)PoliceDecision(recast)["stale"]!);
        Assert.Equal(2, (int)PoliceDecision(recast)["materials"]![0]!["version"]!);
    }

    private static JsonNode PoliceDecision(JsonNode room) =>
        room["seats"]!.AsArray().Single(s => (string?)s!["department"] == "traffic-police")!["decision"]!;

    private async Task<(string CaseId, string Token, string RoomId)> OpenRoom(HttpClient window, bool withMaterial = true)
    {
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var caseId = (string)created["caseId"]!;
        if (withMaterial)
            await (await window.PostAsync($"/api/v1/cases/{caseId}/materials", Upload(("施工方案.pdf", Encoding.UTF8.GetBytes("v1 " + Guid.NewGuid()), "application/pdf")))).Json(HttpStatusCode.Created);
        var roomId = (string)(await (await window.Post($"/api/v1/cases/{caseId}/consultations",
            new { departments = new[] { "road-admin", "traffic-police" } })).Json(HttpStatusCode.Created))["roomId"]!;
        return (caseId, (string)created["trackingToken"]!, roomId);
    }

    /// <summary>A case with one material whose room closed on a supplement: traffic police approved, road administration asked for two things.</summary>
    private async Task<(string CaseId, string Token, string RoomId)> Supplemented(HttpClient window)
    {
        var opened = await OpenRoom(window);
        var road = await app.SignIn("road-admin");
        var police = await app.SignIn("traffic-police");
        (await police.Post($"/api/v1/consultations/{opened.RoomId}/decisions", Contract.Decision("traffic-police", "approve"))).EnsureSuccessStatusCode();
        (await road.Post($"/api/v1/consultations/{opened.RoomId}/decisions", Contract.Decision("road-admin", "requestSupplement", "施工方案缺少夜间施工安排\n请补充应急预案"))).EnsureSuccessStatusCode();
        await (await window.Post($"/api/v1/consultations/{opened.RoomId}/close", new { statement = "请补正" })).Json(HttpStatusCode.OK);
        return opened;
    }

    private static MultipartFormDataContent Upload(params (string Name, byte[] Bytes, string Type)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes, type) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(type);
            form.Add(file, "file", name);
        }

        return form;
    }

    private static async Task<JsonNode> Eventually(Func<Task<JsonNode>> read, Func<JsonNode, bool> condition, string what)
    {
        var giveUp = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var value = await read();
            if (condition(value))
                return value;
            Assert.True(DateTime.UtcNow < giveUp, $"Not within 20 s: {what}.");
            await Task.Delay(100);
        }
    }
}
