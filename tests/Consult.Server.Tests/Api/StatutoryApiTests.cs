using System.Net;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Api;

/// <summary>The case's statutory clock and stages over REST: what the contract names, and who may move the clock.</summary>
[Collection(AppCollection.Name)]
public sealed class StatutoryApiTests(ConsultApp app)
{
    [Fact]
    public async Task ACaseCarriesItsStatutoryClockAndAManagersExtensionAddsTenWorkingDaysOnce()
    {
        var window = await app.SignIn("window");
        var manager = await app.SignIn("manager");
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var caseId = (string)created["caseId"]!;

        var statutory = (await window.Get($"/api/v1/cases/{caseId}"))["statutory"]!;
        var accepted = (string)statutory["acceptedOn"]!;
        Assert.Equal(20, (int)statutory["limitWorkingDays"]!);
        Assert.False((bool)statutory["paused"]!);
        Assert.Empty(statutory["extensions"]!.AsArray());
        Assert.Equal(await AddWorkingDays(window, accepted, 20), (string?)statutory["due"]);

        await (await window.Post($"/api/v1/cases/{caseId}/extensions", new { reason = "需组织专家评审" })).Problem(HttpStatusCode.Forbidden, "forbidden");
        var extended = await (await manager.Post($"/api/v1/cases/{caseId}/extensions", new { reason = "需组织专家评审" })).Json(HttpStatusCode.OK);
        Assert.Equal(await AddWorkingDays(window, accepted, 30), (string?)extended["statutory"]!["due"]);
        Assert.Equal("manager", (string?)extended["statutory"]!["extensions"]![0]!["approvedBy"]);
        await (await manager.Post($"/api/v1/cases/{caseId}/extensions", new { reason = "再次延长" })).Problem(HttpStatusCode.Conflict, "conflict");

        var tracked = await app.CreateClient().Get($"/api/v1/track/{created["trackingToken"]}");
        Assert.Equal(await AddWorkingDays(window, accepted, 30), (string?)tracked["statutory"]!["due"]);
        Assert.Equal("需组织专家评审", (string?)tracked["statutory"]!["extensions"]![0]!["reason"]);
        Assert.Null(tracked["statutory"]!["extensions"]![0]!["approvedBy"]);
        Assert.Contains(tracked["timeline"]!.AsArray(), t => (string?)t!["type"] == "statutoryExtended" && (string?)t["detail"] == "需组织专家评审");
    }

    [Fact]
    public async Task ASupplementPausesTheClockAndTheWindowsResubmissionRunsItAgain()
    {
        var window = await app.SignIn("window");
        var road = await app.SignIn("road-admin");
        var caseId = (string)(await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created))["caseId"]!;
        await (await window.Post($"/api/v1/cases/{caseId}/resubmission", new { })).Problem(HttpStatusCode.Conflict, "conflict");
        var roomId = (string)(await (await window.Post($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "road-admin" } })).Json(HttpStatusCode.Created))["roomId"]!;
        (await road.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("road-admin", "requestSupplement", "请补充应急预案"))).EnsureSuccessStatusCode();
        (await window.Post($"/api/v1/consultations/{roomId}/close", new { statement = "请补正" })).EnsureSuccessStatusCode();

        var paused = await window.Get($"/api/v1/cases/{caseId}");
        Assert.Equal("supplementRequired", (string?)paused["status"]);
        Assert.True((bool)paused["statutory"]!["paused"]!);
        Assert.Equal("请补充应急预案", (string?)paused["statutory"]!["pauses"]![0]!["reason"]);
        await (await road.Post($"/api/v1/cases/{caseId}/resubmission", new { })).Problem(HttpStatusCode.Forbidden, "forbidden");

        var resumed = await (await window.Post($"/api/v1/cases/{caseId}/resubmission", new { note = "材料已补正" })).Json(HttpStatusCode.OK);
        Assert.False((bool)resumed["statutory"]!["paused"]!);
        // Resumed the day it paused: no working day stood, the due date is where it was.
        Assert.Equal(0, (int)resumed["statutory"]!["pauses"]![0]!["workingDays"]!);
        Assert.Equal((string?)paused["statutory"]!["due"], (string?)resumed["statutory"]!["due"]);
        Assert.Contains(resumed["timeline"]!.AsArray(), t => (string?)t!["type"] == "statutoryResumed");
    }

    [Fact]
    public async Task TheSchoolBusMatterListsItsStagesAndItsCaseShowsThemWithTheCurrentOne()
    {
        var window = await app.SignIn("window");
        var matters = (await window.Get("/api/v1/catalog/matters")).AsArray();
        var bus = matters.Single(m => (string?)m!["code"] == "school-bus")!;
        Assert.Equal(["education-review", "police-transport", "education-opinion", "county-decision"], bus["stages"]!.AsArray().Select(s => (string?)s!["code"]));
        Assert.Empty(matters.Single(m => (string?)m!["code"] == "highway-occupation")!["stages"]!.AsArray());

        var created = await (await window.Post("/api/v1/cases", Contract.NewCase("school-bus"))).Json(HttpStatusCode.Created);
        var stages = (await window.Get($"/api/v1/cases/{created["caseId"]}"))["stages"]!.AsArray();
        Assert.Equal(["current", "pending", "pending", "pending"], stages.Select(s => (string?)s!["status"]));
        var tracked = await app.CreateClient().Get($"/api/v1/track/{created["trackingToken"]}");
        Assert.Equal("教育部门初审", (string?)tracked["stages"]![0]!["name"]!["zh"]);
    }

    [Fact]
    public async Task TheSupervisionListIsForManagersAndAdmins()
    {
        await (await (await app.SignIn("window")).GetAsync("/api/v1/cases/overdue")).Problem(HttpStatusCode.Forbidden, "forbidden");
        var list = await (await app.SignIn("manager")).Get("/api/v1/cases/overdue");
        Assert.Equal(list["items"]!.AsArray().Count, (int)list["count"]!);
    }

    private static async Task<string?> AddWorkingDays(HttpClient client, string from, int days) =>
        (string?)(await client.Get($"/api/v1/calendar/add-working-days?from={from}&days={days}"))["date"];
}
