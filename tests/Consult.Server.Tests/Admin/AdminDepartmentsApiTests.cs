using System.Net;
using System.Net.Http.Json;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Admin;

/// <summary>Departments added, renamed and retired by an administrator: who can invite them, what history keeps.</summary>
[Collection(AppCollection.Name)]
public sealed class AdminDepartmentsApiTests(ConsultApp app)
{
    [Fact]
    public async Task AnAddedDepartmentIsInvitedRenamedAndRetiredAndItsRoomKeepsIt()
    {
        var admin = await app.SignIn("admin");
        var window = await app.SignIn("window");
        var code = "water-" + Guid.NewGuid().ToString("N")[..6];

        var added = await (await admin.Post("/api/v1/admin/departments", new { code, name = new { zh = "水利局", en = "Water Bureau" } })).Json(HttpStatusCode.Created);
        Assert.False((bool)added["retired"]!);
        await (await admin.Post("/api/v1/admin/departments", new { code, name = new { zh = "水利局", en = "Water Bureau" } })).Problem(HttpStatusCode.Conflict, "conflict");
        await (await admin.Post("/api/v1/admin/departments", new { code = "Bad Code", name = new { zh = "x", en = "x" } })).Problem(HttpStatusCode.BadRequest, "invalid_input");
        await (await admin.Post("/api/v1/admin/departments", new { code = "no-name", name = new { zh = "", en = "x" } })).Problem(HttpStatusCode.BadRequest, "invalid_input");
        await (await window.Post("/api/v1/admin/departments", new { code = "by-window", name = new { zh = "x", en = "x" } })).Problem(HttpStatusCode.Forbidden, "forbidden");

        // Invited like any other, at once (the catalogue's cache is told).
        var caseId = (string)(await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created))["caseId"]!;
        var roomId = (string)(await (await window.Post($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "road-admin", code } })).Json(HttpStatusCode.Created))["roomId"]!;
        Assert.Contains((await window.Get("/api/v1/catalog/departments")).AsArray(), d => (string?)d!["code"] == code);

        var renamed = await (await admin.PutAsJsonAsync($"/api/v1/admin/departments/{code}", new { name = new { zh = "水务局", en = "Water Affairs Bureau" } })).Json(HttpStatusCode.OK);
        Assert.Equal("水务局", (string?)renamed["name"]!["zh"]);
        var listed = (await window.Get("/api/v1/catalog/departments")).AsArray().Single(d => (string?)d!["code"] == code)!;
        Assert.Equal("水务局", (string?)listed["name"]!["zh"]);

        Assert.True((bool)(await (await admin.PostAsync($"/api/v1/admin/departments/{code}/retire", null)).Json(HttpStatusCode.OK))["retired"]!);

        // Retired: no new room, no new seat, no new person; the open room keeps its seat.
        var next = (string)(await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created))["caseId"]!;
        await (await window.Post($"/api/v1/cases/{next}/consultations", new { departments = new[] { "road-admin", code } })).Problem(HttpStatusCode.BadRequest, "invalid_input");
        await (await admin.Post("/api/v1/admin/users", new { userName = "w" + code[6..], password = "a-long-password", role = "department", department = code })).Problem(HttpStatusCode.BadRequest, "invalid_input");
        var room = await window.Get($"/api/v1/consultations/{roomId}");
        Assert.Contains(room["seats"]!.AsArray(), s => (string?)s!["department"] == code);
        Assert.True((bool)(await window.Get("/api/v1/catalog/departments")).AsArray().Single(d => (string?)d!["code"] == code)!["retired"]!);

        var trail = (await admin.Get("/api/v1/admin/audit?area=departments"))["items"]!.AsArray().Where(e => (string?)e!["subject"] == code).Reverse();
        Assert.Equal(["create", "edit", "retire"], trail.Select(e => (string?)e!["action"]));
    }
}
