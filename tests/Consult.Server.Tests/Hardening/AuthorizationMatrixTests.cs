using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Hardening;

/// <summary>
/// The authorization matrix of docs/security.md, read from that file and sent cell by cell: each
/// caller, each command, on state made fresh for the cell where the command changes it.
/// </summary>
public sealed partial class AuthorizationMatrixTests(BadInputFixture fixture) : IClassFixture<BadInputFixture>
{
    private static readonly string[] Users = ["window", "window2", "road-admin", "education", "manager", "admin"];

    [Fact]
    public async Task EveryCellOfTheMatrixInTheSecurityDocHolds()
    {
        var (roles, rows) = ReadMatrix();
        Assert.Equal(["anonymous", .. Users], roles);
        var clients = new Dictionary<string, HttpClient> { ["anonymous"] = new() { BaseAddress = fixture.Node.Address } };
        foreach (var user in Users)
            clients[user] = await fixture.Node.Http(user);

        var failures = new List<string>();
        foreach (var (command, expected) in rows)
        {
            for (var i = 0; i < roles.Length; i++)
            {
                var response = await Send(command, clients[roles[i]], clients["window"], clients["road-admin"]);
                var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var code = (int)response.StatusCode >= 400 && response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                    ? (string?)(await response.Json(response.StatusCode))["code"]
                    : null;
                var actual = code is null ? status : $"{status} {code}";
                if (actual != expected[i])
                    failures.Add($"{command} as {roles[i]}: expected {expected[i]}, got {actual}");
            }
        }

        Assert.True(rows.Count >= 15, $"only {rows.Count} commands in the matrix");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task<HttpResponseMessage> Send(string command, HttpClient caller, HttpClient window, HttpClient roadAdmin)
    {
        switch (command)
        {
            case "register case":
                return await caller.Post("/api/v1/cases", Contract.NewCase());
            case "list cases":
                return await caller.GetAsync("/api/v1/cases");
            case "read case":
                return await caller.GetAsync($"/api/v1/cases/{fixture.RoomCaseId}");
            case "open consultation":
                return await caller.Post($"/api/v1/cases/{await NewCase(window)}/consultations", new { departments = new[] { "road-admin" } });
            case "read room":
                return await caller.GetAsync($"/api/v1/consultations/{fixture.RoomId}");
            case "cast own decision":
                {
                    // A representative decides for their own department; anyone else tries road-admin's seat.
                    var department = caller.DefaultRequestHeaders.Authorization is null ? "road-admin" : await Department(caller) ?? "road-admin";
                    return await caller.Post($"/api/v1/consultations/{await NewRoom(window)}/decisions", Contract.Decision(department, "approve"));
                }

            case "decide on behalf":
                return await caller.Post($"/api/v1/consultations/{await NewRoom(window)}/decisions", new { department = "road-admin", outcome = "approve", idempotencyKey = Guid.NewGuid().ToString("N"), onBehalf = true });
            case "post message":
                return await caller.Post($"/api/v1/consultations/{fixture.RoomId}/messages", new { text = "矩阵", clientMessageId = Guid.NewGuid().ToString("N") });
            case "invite department":
                return await caller.Post($"/api/v1/consultations/{await NewRoom(window)}/invitations", new { department = "housing" });
            case "extend deadline":
                return await caller.Post($"/api/v1/consultations/{await NewRoom(window)}/deadline", new { deadline = DateTimeOffset.UtcNow.AddDays(5), reason = "需要现场勘查" });
            case "remind seats":
                return await caller.Post($"/api/v1/consultations/{await NewRoom(window)}/reminders", new { departments = new[] { "road-admin" } });
            case "close room":
                {
                    var room = await NewRoom(window);
                    (await roadAdmin.Post($"/api/v1/consultations/{room}/decisions", Contract.Decision("road-admin", "approve"))).EnsureSuccessStatusCode();
                    return await caller.Post($"/api/v1/consultations/{room}/close", new { statement = "同意" });
                }

            case "withdraw case":
                return await caller.Post($"/api/v1/cases/{await NewCase(window)}/withdraw", new { reason = "申请人撤回" });
            case "department inbox":
                return await caller.GetAsync("/api/v1/departments/road-admin/invitations");
            case "decision figures":
                return await caller.GetAsync("/api/v1/metrics/decisions");
            case "create user":
                return await caller.Post("/api/v1/admin/users", new { userName = "u" + Guid.NewGuid().ToString("N")[..10], password = "long-enough-1", role = "window" });
            case "disable user":
                {
                    using var admin = await fixture.Node.Http("admin");
                    var userName = "u" + Guid.NewGuid().ToString("N")[..10];
                    (await admin.Post("/api/v1/admin/users", new { userName, password = "long-enough-1", role = "window" })).EnsureSuccessStatusCode();
                    return await caller.PostAsync($"/api/v1/admin/users/{userName}/disable", null);
                }

            case "read calendar":
                return await caller.GetAsync("/api/v1/calendar/2026");
            case "count working days":
                return await caller.GetAsync("/api/v1/calendar/add-working-days?from=2026-09-30&days=3");
            case "load calendar":
                // A year nothing else reads, loaded again by each caller allowed to.
                return await caller.PutAsJsonAsync("/api/v1/calendar/2099", new { holidays = new[] { "2099-01-01" }, workdays = Array.Empty<string>() });
            case "extend statutory limit":
                return await caller.Post($"/api/v1/cases/{await NewCase(window)}/extensions", new { reason = "需组织专家评审" });
            case "record resubmission":
                {
                    var room = await NewRoom(window);
                    (await roadAdmin.Post($"/api/v1/consultations/{room}/decisions", Contract.Decision("road-admin", "requestSupplement", "请补充应急预案"))).EnsureSuccessStatusCode();
                    var closed = await (await window.Post($"/api/v1/consultations/{room}/close", new { statement = "请补正" })).Json(HttpStatusCode.OK);
                    return await caller.Post($"/api/v1/cases/{closed["caseId"]}/resubmission", new { note = "材料已补正" });
                }

            case "upload supplement":
                {
                    // Anyone holding the link, signed in or not, while the case asks for a supplement.
                    var room = await NewRoom(window);
                    (await roadAdmin.Post($"/api/v1/consultations/{room}/decisions", Contract.Decision("road-admin", "requestSupplement", "请补充应急预案"))).EnsureSuccessStatusCode();
                    var closed = await (await window.Post($"/api/v1/consultations/{room}/close", new { statement = "请补正" })).Json(HttpStatusCode.OK);
                    var token = (string)(await window.Get($"/api/v1/cases/{closed["caseId"]}"))["trackingToken"]!;
                    var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes("%PDF-1.4 " + Guid.NewGuid()));
                    file.Headers.ContentType = new("application/pdf");
                    return await caller.PostAsync($"/api/v1/track/{token}/materials", new MultipartFormDataContent { { file, "file", "应急方案.pdf" } });
                }

            case "supervision list":
                return await caller.GetAsync("/api/v1/cases/overdue");
            case "read record":
                return await caller.GetAsync($"/api/v1/consultations/{fixture.ClosedRoomId}/record");
            case "read record PDF":
                return await caller.GetAsync($"/api/v1/consultations/{fixture.ClosedRoomId}/record.pdf");
            case "verify record":
                return await caller.GetAsync($"/api/v1/records/{fixture.RecordSha256}");
            case "read tasks":
                return await caller.GetAsync($"/api/v1/cases/{fixture.RoomCaseId}/tasks");
            case "mark task done":
                return await caller.Post($"/api/v1/cases/{await ClosedCase(window, roadAdmin, "approveWithConditions")}/tasks/1/done", new { note = "已落实" });
            case "complete case":
                return await caller.Post($"/api/v1/cases/{await ClosedCase(window, roadAdmin, "approve")}/complete", new { });
            case "open tasks":
                return await caller.GetAsync("/api/v1/tasks");
            case "overdue tasks":
                return await caller.GetAsync("/api/v1/tasks/overdue");
            case "export audit":
                return await caller.GetAsync($"/api/v1/cases/{fixture.RoomCaseId}/audit.jsonl");
            case "export audit CSV":
                return await caller.GetAsync($"/api/v1/cases/{fixture.RoomCaseId}/audit.csv");
            case "rate case":
                {
                    // Anyone holding the link, signed in or not, once the case is decided.
                    var token = (string)(await window.Get($"/api/v1/cases/{await ClosedCase(window, roadAdmin, "approve")}"))["trackingToken"]!;
                    return await caller.Post($"/api/v1/track/{token}/rating", new { score = 4 });
                }

            case "answer rating follow-up":
                {
                    var caseId = await ClosedCase(window, roadAdmin, "approve");
                    var token = (string)(await window.Get($"/api/v1/cases/{caseId}"))["trackingToken"]!;
                    (await window.Post($"/api/v1/track/{token}/rating", new { score = 1, comment = "矩阵" })).EnsureSuccessStatusCode();
                    return await caller.Post($"/api/v1/cases/{caseId}/rating/follow-up", new { answer = "已回访" });
                }

            case "rating follow-ups":
                return await caller.GetAsync("/api/v1/ratings/follow-ups");
            case "track case":
                return await caller.GetAsync($"/api/v1/track/{fixture.TrackingToken}");
            default:
                throw new InvalidOperationException($"The matrix names a command this test does not know: '{command}'.");
        }
    }

    /// <summary>A new case whose room road-admin decided with <paramref name="outcome"/> (with a condition when it needs one), closed.</summary>
    private static async Task<string> ClosedCase(HttpClient window, HttpClient roadAdmin, string outcome)
    {
        var caseId = await NewCase(window);
        var room = (string)(await (await window.Post($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "road-admin" } })).Json(HttpStatusCode.Created))["roomId"]!;
        (await roadAdmin.Post($"/api/v1/consultations/{room}/decisions", Contract.Decision("road-admin", outcome, conditions: outcome == "approveWithConditions" ? ["恢复路面"] : null))).EnsureSuccessStatusCode();
        (await window.Post($"/api/v1/consultations/{room}/close", new { statement = "结束" })).EnsureSuccessStatusCode();
        return caseId;
    }

    private static async Task<string?> Department(HttpClient caller) =>
        (string?)(await caller.Get("/api/v1/auth/me"))["department"];

    private static async Task<string> NewCase(HttpClient window) =>
        (string)(await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created))["caseId"]!;

    private static async Task<string> NewRoom(HttpClient window) =>
        (string)(await (await window.Post($"/api/v1/cases/{await NewCase(window)}/consultations", new { departments = new[] { "road-admin" } }))
            .Json(HttpStatusCode.Created))["roomId"]!;

    private static (string[] Roles, List<(string Command, string[] Expected)> Rows) ReadMatrix()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "security.md"));
        var table = doc[(doc.IndexOf("<!-- matrix:start -->", StringComparison.Ordinal) + 21)..doc.IndexOf("<!-- matrix:end -->", StringComparison.Ordinal)];
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith('|')).ToList();
        static string[] Cells(string line) => [.. line.Trim('|').Split('|').Select(c => c.Trim())];
        var roles = Cells(lines[0])[1..];
        var rows = lines.Skip(2).Select(l => Cells(l)).Select(c => (Command: CommandName().Match(c[0]).Groups[1].Value, Expected: c[1..])).ToList();
        return (roles, rows);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Consult.sln")))
            folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("Consult.sln not found above the test's folder.");
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CommandName();
}
