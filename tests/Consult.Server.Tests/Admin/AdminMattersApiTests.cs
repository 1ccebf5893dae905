using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Consult.Common;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Admin;

/// <summary>
/// The matter catalogue edited by an administrator: each save is the next version, earlier ones
/// kept; bad input and stale edits change nothing; a case and its room keep the version they opened with.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AdminMattersApiTests(ConsultApp app)
{
    private static string NewCode() => "m-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A valid matter: road administration and traffic police decide, housing advises and is deemed to consent.</summary>
    private static Dictionary<string, object?> Body(string code, int? baseVersion = null, int minutes = 120) => new()
    {
        ["baseVersion"] = baseVersion,
        ["code"] = code,
        ["name"] = new { zh = "临时占用公路设置广告", en = "Temporary roadside advertising" },
        ["departments"] = new object[]
        {
            new { department = "road-admin", role = "required" },
            new { department = "traffic-police", role = "required" },
            new { department = "housing", role = "advisory", deemedConsentOnTimeout = true },
        },
        ["rule"] = "unanimous",
        ["timeLimitMinutes"] = minutes,
        ["legalLimitWorkingDays"] = 20,
        ["materials"] = new[] { new { zh = "申请书", en = "Written application" } },
        ["legalBasis"] = "《公路安全保护条例》第27条",
        ["legacy"] = new { departments = 3, minutes = 0, workingDays = 5, note = "5个工作日" },
    };

    private static Task<HttpResponseMessage> Put(HttpClient client, string code, object body) =>
        client.PutAsJsonAsync($"/api/v1/admin/matters/{code}", body, ConsultJson.Options);

    private async Task<(HttpClient Admin, string Code)> Added()
    {
        var admin = await app.SignIn("admin");
        var code = NewCode();
        var added = await (await admin.Post("/api/v1/admin/matters", Body(code))).Json(HttpStatusCode.Created);
        Assert.Equal(1, (int)added["version"]!);
        return (admin, code);
    }

    [Fact]
    public async Task AnEditIsTheNextVersionTheEarlierOneIsKeptAndTheTrailHasBeforeAndAfter()
    {
        var (admin, code) = await Added();
        var edit = Body(code, baseVersion: 1, minutes: 45);
        edit["departments"] = new object[] { new { department = "road-admin", role = "required" }, new { department = "transport", role = "advisory" } };

        var saved = await (await Put(admin, code, edit)).Json(HttpStatusCode.OK);
        Assert.Equal(2, (int)saved["version"]!);
        Assert.Equal(45, (int)saved["timeLimitMinutes"]!);

        var versions = (await admin.Get($"/api/v1/admin/matters/{code}/versions")).AsArray();
        Assert.Equal([1, 2], versions.Select(v => (int)v!["matter"]!["version"]!));
        Assert.Equal(120, (int)versions[0]!["matter"]!["timeLimitMinutes"]!);
        Assert.Equal(["road-admin", "traffic-police", "housing"], versions[0]!["matter"]!["departments"]!.AsArray().Select(s => (string?)s!["department"]));
        Assert.All(versions, v => Assert.Equal("admin", (string?)v!["savedBy"]));

        // The public catalogue shows it at once (its cache is told).
        var listed = (await admin.Get("/api/v1/catalog/matters")).AsArray().Single(m => (string?)m!["code"] == code)!;
        Assert.Equal(2, (int)listed["version"]!);

        var trail = (await admin.Get("/api/v1/admin/audit?area=matters"))["items"]!.AsArray().Where(e => (string?)e!["subject"] == code).Reverse().ToList();
        Assert.Equal(["create", "edit"], trail.Select(e => (string?)e!["action"]));
        var before = JsonNode.Parse((string)trail[1]!["before"]!)!;
        var after = JsonNode.Parse((string)trail[1]!["after"]!)!;
        Assert.Equal((1, 120, "traffic-police"), ((int)before["version"]!, (int)before["timeLimitMinutes"]!, (string?)before["departments"]![1]!["department"]));
        Assert.Equal((2, 45, "transport"), ((int)after["version"]!, (int)after["timeLimitMinutes"]!, (string?)after["departments"]![1]!["department"]));
        Assert.Equal("advisory", (string?)after["departments"]![1]!["role"]);
    }

    [Fact]
    public async Task BadInputIsRefusedWithInvalidInputAndChangesNothing()
    {
        var (admin, code) = await Added();
        var retired = "gone-" + Guid.NewGuid().ToString("N")[..6];
        await (await admin.Post("/api/v1/admin/departments", new { code = retired, name = new { zh = "撤销局", en = "Abolished Bureau" } })).Json(HttpStatusCode.Created);
        await (await admin.PostAsync($"/api/v1/admin/departments/{retired}/retire", null)).Json(HttpStatusCode.OK);

        Dictionary<string, object?> With(string field, object? value)
        {
            var body = Body(code, baseVersion: 1);
            body[field] = value;
            return body;
        }

        var bad = new[]
        {
            With("departments", new object[] { new { department = "road-admin", role = "required" }, new { department = "no-such-bureau", role = "advisory" } }),
            With("departments", new object[] { new { department = "road-admin", role = "required" }, new { department = retired, role = "advisory" } }),
            With("departments", new object[] { new { department = "road-admin", role = "advisory" }, new { department = "housing", role = "notify" } }),
            With("departments", new object[] { new { department = "road-admin", role = "required" }, new { department = "road-admin", role = "advisory" } }),
            With("departments", new object[] { new { department = "road-admin", role = "required" }, new { department = "enforcement", role = "notify", deemedConsentOnTimeout = true } }),
            With("departments", Array.Empty<object>()),
            With("departments", new object[] { new { department = "road-admin", role = "chairman" } }),
            With("timeLimitMinutes", 0),
            With("timeLimitMinutes", -30),
            With("legalLimitWorkingDays", 0),
            With("name", new { zh = "", en = "Advertising" }),
            With("rule", "whoeverShoutsLoudest"),
            With("materials", new[] { new { zh = "申请书", en = "Application" }, new { zh = "申请书", en = "Application again" } }),
            With("legacy", new { departments = 3, minutes = 0, workingDays = (int?)null }),
            With("baseVersion", null),
        };
        foreach (var body in bad)
            await (await Put(admin, code, body)).Problem(HttpStatusCode.BadRequest, "invalid_input");
        await (await admin.Post("/api/v1/admin/matters", Body("Bad Code"))).Problem(HttpStatusCode.BadRequest, "invalid_input");
        var noSeats = Body(NewCode());
        noSeats.Remove("departments");
        await (await admin.Post("/api/v1/admin/matters", noSeats)).Problem(HttpStatusCode.BadRequest, "invalid_input");

        var versions = (await admin.Get($"/api/v1/admin/matters/{code}/versions")).AsArray();
        Assert.Single(versions);
        var current = await admin.Get($"/api/v1/admin/matters/{code}");
        Assert.Equal((1, 120, 3), ((int)current["version"]!, (int)current["timeLimitMinutes"]!, current["departments"]!.AsArray().Count));
        Assert.Single((await admin.Get("/api/v1/admin/audit?area=matters"))["items"]!.AsArray(), e => (string?)e!["subject"] == code);
    }

    [Fact]
    public async Task AnEditFromAnOlderVersionIsAConflictAndChangesNothing()
    {
        var (admin, code) = await Added();
        await (await Put(admin, code, Body(code, baseVersion: 1, minutes: 60))).Json(HttpStatusCode.OK);

        // A second administrator still looking at version 1 saves: refused, the first save stands.
        await (await Put(admin, code, Body(code, baseVersion: 1, minutes: 90))).Problem(HttpStatusCode.Conflict, "conflict");
        await (await Put(admin, code, Body(code, baseVersion: 7, minutes: 90))).Problem(HttpStatusCode.Conflict, "conflict");
        await (await admin.Post("/api/v1/admin/matters", Body(code))).Problem(HttpStatusCode.Conflict, "conflict");
        await (await Put(admin, NewCode(), Body("x", baseVersion: 1))).Problem(HttpStatusCode.NotFound, "not_found");

        var current = await admin.Get($"/api/v1/admin/matters/{code}");
        Assert.Equal((2, 60), ((int)current["version"]!, (int)current["timeLimitMinutes"]!));
        Assert.Equal(2, (await admin.Get($"/api/v1/admin/matters/{code}/versions")).AsArray().Count);
    }

    [Theory]
    [InlineData("window")]
    [InlineData("manager")]
    [InlineData("road-admin")]
    public async Task OnlyAdministratorsEditMatters(string userName)
    {
        var (admin, code) = await Added();
        var other = await app.SignIn(userName);
        await (await Put(other, code, Body(code, baseVersion: 1, minutes: 5))).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await other.Post("/api/v1/admin/matters", Body(NewCode()))).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await other.GetAsync($"/api/v1/admin/matters/{code}/versions")).Problem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(120, (int)(await admin.Get($"/api/v1/admin/matters/{code}"))["timeLimitMinutes"]!);
    }

    [Fact]
    public async Task AMatterEditDoesNotChangeAnOpenRoomAndARoomOpenedAfterTakesTheNewVersion()
    {
        var (admin, code) = await Added();
        var window = await app.SignIn("window");
        var firstCase = (string)(await (await window.Post("/api/v1/cases", Contract.NewCase(code))).Json(HttpStatusCode.Created))["caseId"]!;
        var opened = await (await window.Post($"/api/v1/cases/{firstCase}/consultations", new { })).Json(HttpStatusCode.Created);
        var roomId = (string)opened["roomId"]!;
        var before = await window.Get($"/api/v1/consultations/{roomId}");
        Assert.Equal(1, (int)before["matterVersion"]!);

        var edit = Body(code, baseVersion: 1, minutes: 30);
        edit["rule"] = "majority";
        edit["departments"] = new object[] { new { department = "road-admin", role = "required" }, new { department = "transport", role = "required" } };
        await (await Put(admin, code, edit)).Json(HttpStatusCode.OK);

        // The open room: the same seats, roles, deemed consent, rule and deadline; still version 1.
        var after = await window.Get($"/api/v1/consultations/{roomId}");
        Assert.Equal(before["seats"]!.Text(), after["seats"]!.Text());
        Assert.Equal(["road-admin", "traffic-police", "housing"], after["seats"]!.AsArray().Select(s => (string?)s!["department"]));
        Assert.Equal((string?)before["deadline"], (string?)after["deadline"]);
        Assert.Equal(120, (DateTimeOffset.Parse((string)after["deadline"]!) - DateTimeOffset.Parse((string)after["openedAt"]!)).TotalMinutes, 1);
        Assert.Equal(("unanimous", 1), ((string?)after["rule"], (int)after["matterVersion"]!));
        Assert.Equal(1, (int)(await window.Get($"/api/v1/cases/{firstCase}"))["matterVersion"]!);

        // A case registered after the edit opens its room with version 2.
        var nextCase = (string)(await (await window.Post("/api/v1/cases", Contract.NewCase(code))).Json(HttpStatusCode.Created))["caseId"]!;
        var nextRoom = (string)(await (await window.Post($"/api/v1/cases/{nextCase}/consultations", new { })).Json(HttpStatusCode.Created))["roomId"]!;
        var next = await window.Get($"/api/v1/consultations/{nextRoom}");
        Assert.Equal(["road-admin", "transport"], next["seats"]!.AsArray().Select(s => (string?)s!["department"]));
        Assert.Equal(("majority", 2), ((string?)next["rule"], (int)next["matterVersion"]!));
        Assert.Equal(30, (DateTimeOffset.Parse((string)next["deadline"]!) - DateTimeOffset.Parse((string)next["openedAt"]!)).TotalMinutes, 1);
    }
}
