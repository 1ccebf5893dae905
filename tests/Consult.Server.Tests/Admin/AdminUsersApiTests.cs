using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Admin;

/// <summary>The administrators' desk for accounts over the API: every action, its audit entry, and what it does to sign-in.</summary>
[Collection(AppCollection.Name)]
public sealed class AdminUsersApiTests(ConsultApp app)
{
    private const string Temporary = "temporary-pass-1";

    [Fact]
    public async Task AnAdministratorFindsCreatesEditsDisablesAndEnablesAPersonAndEachStepIsAudited()
    {
        var admin = await app.SignIn("admin");
        var userName = "zhao" + Guid.NewGuid().ToString("N")[..8];

        // The seeded accounts are listed (they report to the list at start-up), searchable by name and department.
        var listed = await admin.Get("/api/v1/admin/users?q=road");
        Assert.Contains(listed["items"]!.AsArray(), u => (string?)u!["userName"] == "road-admin" && (string?)u["role"] == "department");
        Assert.DoesNotContain(listed["items"]!.AsArray(), u => (string?)u!["userName"] == "window");

        var created = await (await admin.Post("/api/v1/admin/users", new
        {
            userName, password = "a-long-password", role = "department", department = "housing", displayName = "住建局 赵磊", phone = "13900001111",
        })).Json(HttpStatusCode.Created);
        Assert.False((bool)created["disabled"]!);
        var found = (await admin.Get($"/api/v1/admin/users?q={Uri.EscapeDataString("住建局 赵磊")}"))["items"]!.AsArray();
        Assert.Equal(userName, (string?)Assert.Single(found)!["userName"]);

        var edited = await (await admin.PutAsJsonAsync($"/api/v1/admin/users/{userName}", new { displayName = "住建局 赵磊（副）", role = "department", department = "housing", phone = "13900002222" }))
            .Json(HttpStatusCode.OK);
        Assert.Equal(("住建局 赵磊（副）", "13900002222"), ((string?)edited["displayName"], (string?)edited["phone"]));
        var person = await app.SignIn(userName, "a-long-password");
        Assert.Equal("住建局 赵磊（副）", (string?)(await person.Get("/api/v1/auth/me"))["displayName"]);

        // Bad input is refused and changes nothing.
        await (await admin.PutAsJsonAsync($"/api/v1/admin/users/{userName}", new { displayName = "x", role = "emperor", department = (string?)null }))
            .Problem(HttpStatusCode.BadRequest, "invalid_input");
        Assert.Equal("住建局 赵磊（副）", (string?)(await admin.Get($"/api/v1/admin/users/{userName}"))["displayName"]);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/admin/users/{userName}/disable", null)).StatusCode);
        Assert.True((bool)(await admin.Get($"/api/v1/admin/users/{userName}"))["disabled"]!);
        // A token given before is refused from now on (403, as for every account that may no longer act).
        await (await person.GetAsync("/api/v1/auth/me")).Problem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains((await admin.Get("/api/v1/admin/users?disabled=true"))["items"]!.AsArray(), u => (string?)u!["userName"] == userName);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/admin/users/{userName}/enable", null)).StatusCode);
        var again = await app.SignIn(userName, "a-long-password");
        Assert.Equal(userName, (string?)(await again.Get("/api/v1/auth/me"))["userName"]);

        var trail = (await admin.Get("/api/v1/admin/audit?area=users"))["items"]!.AsArray()
            .Where(e => (string?)e!["subject"] == userName).Reverse().ToList();
        Assert.Equal(["create", "edit", "disable", "enable"], trail.Select(e => (string?)e!["action"]));
        Assert.All(trail, e => Assert.Equal("admin", (string?)e!["actor"]));
        Assert.Null(trail[0]!["before"]);
        var before = JsonNode.Parse((string)trail[1]!["before"]!)!;
        var after = JsonNode.Parse((string)trail[1]!["after"]!)!;
        Assert.Equal(("住建局 赵磊", "住建局 赵磊（副）"), ((string?)before["displayName"], (string?)after["displayName"]));
        Assert.DoesNotContain(trail, e => ((string?)e!["after"] ?? "").Contains("passwordHash", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AResetPasswordEndsTheSessionsAndThePersonChoosesANewOneBeforeAnyToken()
    {
        var admin = await app.SignIn("admin");
        var userName = "qian" + Guid.NewGuid().ToString("N")[..8];
        (await admin.Post("/api/v1/admin/users", new { userName, password = "first-password", role = "window", displayName = "综合窗口 钱多" })).EnsureSuccessStatusCode();
        var session = await app.SignIn(userName, "first-password");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Post($"/api/v1/admin/users/{userName}/reset-password", new { password = Temporary })).StatusCode);
        Assert.True((bool)(await admin.Get($"/api/v1/admin/users/{userName}"))["mustChangePassword"]!);
        await (await session.GetAsync("/api/v1/auth/me")).Problem(HttpStatusCode.Forbidden, "forbidden");
        var anonymous = app.CreateClient();
        await (await anonymous.Post("/api/v1/auth/token", new { userName, password = Temporary })).Problem(HttpStatusCode.Forbidden, "password_change_required");
        await (await anonymous.Post("/api/v1/auth/token", new { userName, password = "first-password" })).Problem(HttpStatusCode.Unauthorized, "unauthorized");

        // A wrong temporary password, a short or unchanged new one: refused, nothing changes.
        await (await anonymous.Post("/api/v1/auth/password", new { userName, currentPassword = "not-it-at-all", newPassword = "my-own-password" })).Problem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await anonymous.Post("/api/v1/auth/password", new { userName, currentPassword = Temporary, newPassword = "short" })).Problem(HttpStatusCode.BadRequest, "invalid_input");
        await (await anonymous.Post("/api/v1/auth/password", new { userName, currentPassword = Temporary, newPassword = Temporary })).Problem(HttpStatusCode.BadRequest, "invalid_input");
        Assert.True((bool)(await admin.Get($"/api/v1/admin/users/{userName}"))["mustChangePassword"]!);

        Assert.Equal(HttpStatusCode.NoContent, (await anonymous.Post("/api/v1/auth/password", new { userName, currentPassword = Temporary, newPassword = "my-own-password" })).StatusCode);
        var mine = await app.SignIn(userName, "my-own-password");
        Assert.Equal(userName, (string?)(await mine.Get("/api/v1/auth/me"))["userName"]);
        await (await anonymous.Post("/api/v1/auth/token", new { userName, password = Temporary })).Problem(HttpStatusCode.Unauthorized, "unauthorized");

        var trail = (await admin.Get("/api/v1/admin/audit?area=users"))["items"]!.AsArray().Where(e => (string?)e!["subject"] == userName).ToList();
        Assert.Contains(trail, e => (string?)e!["action"] == "reset-password");
        Assert.DoesNotContain(trail, e => ((string?)e!["after"] ?? "").Contains(Temporary, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OnlyAdministratorsManageAccountsAndNoneLocksThemselvesOut()
    {
        var manager = await app.SignIn("manager");
        await (await manager.GetAsync("/api/v1/admin/users")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await manager.PostAsync("/api/v1/admin/users/window/disable", null)).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await manager.Post("/api/v1/admin/users/window/reset-password", new { password = Temporary })).Problem(HttpStatusCode.Forbidden, "forbidden");

        var admin = await app.SignIn("admin");
        await (await admin.PostAsync("/api/v1/admin/users/admin/disable", null)).Problem(HttpStatusCode.Conflict, "conflict");
        await (await admin.Post("/api/v1/admin/users/admin/reset-password", new { password = Temporary })).Problem(HttpStatusCode.Conflict, "conflict");
        await (await admin.PutAsJsonAsync("/api/v1/admin/users/admin", new { displayName = "管理员", role = "manager" })).Problem(HttpStatusCode.Conflict, "conflict");
        await (await admin.PostAsync("/api/v1/admin/users/nobody-here/enable", null)).Problem(HttpStatusCode.NotFound, "not_found");
        await (await admin.Post("/api/v1/admin/users/window/reset-password", new { password = "short" })).Problem(HttpStatusCode.BadRequest, "invalid_input");
        Assert.False((bool)(await admin.Get("/api/v1/admin/users/window"))["mustChangePassword"]!);
        Assert.Equal("admin", (string?)(await admin.Get("/api/v1/auth/me"))["role"]);
    }

    [Fact]
    public async Task CalendarAndNotificationChangesAreInTheAdministrationTrail()
    {
        var admin = await app.SignIn("admin");
        (await admin.PutAsJsonAsync("/api/v1/notification-settings/departments/education", new { channels = new[] { "email" }, emails = new[] { "edu@example.gov.cn" } })).EnsureSuccessStatusCode();
        var entry = (await admin.Get("/api/v1/admin/audit?area=notifications"))["items"]!.AsArray().First(e => (string?)e!["subject"] == "department:education")!;
        Assert.Equal(("admin", "edit"), ((string?)entry["actor"], (string?)entry["action"]));
        Assert.Contains("edu@example.gov.cn", (string?)entry["after"], StringComparison.Ordinal);

        (await admin.PutAsJsonAsync("/api/v1/calendar/2031", new { holidays = new[] { "2031-01-01" }, workdays = Array.Empty<string>() })).EnsureSuccessStatusCode();
        var loaded = (await admin.Get("/api/v1/admin/audit?area=calendar"))["items"]!.AsArray().First(e => (string?)e!["subject"] == "2031")!;
        Assert.Contains("2031-01-01", (string?)loaded["after"], StringComparison.Ordinal);

        await (await (await app.SignIn("window")).GetAsync("/api/v1/admin/audit")).Problem(HttpStatusCode.Forbidden, "forbidden");
    }
}
