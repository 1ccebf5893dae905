using System.Net;
using Consult.Server.Tests.Fixtures;
using Consult.Server.Tests.Records;

namespace Consult.Server.Tests.Api;

/// <summary>People by name over the API: user names keep their meaning, display names stand beside them.</summary>
[Collection(AppCollection.Name)]
public sealed class PeopleApiTests(ConsultApp app)
{
    private const string Window = "综合窗口 王敏";

    [Fact]
    public async Task ARestCloseByTheWindowIsCreditedToHerByNameOnTheRoomItsLogTheCaseAndTheRecord()
    {
        var scenario = await RecordScenario.Close(app.SignIn);
        var window = await app.SignIn("window");

        var room = await window.Get($"/api/v1/consultations/{scenario.RoomId}");
        Assert.Equal(("window", Window), ((string?)room["convener"], (string?)room["convenerName"]));
        Assert.Equal(("window", Window), ((string?)room["closedBy"], (string?)room["closedByName"]));
        var police = room["seats"]!.AsArray().Single(s => (string?)s!["department"] == "traffic-police")!["decision"]!;
        Assert.Equal(("traffic-police", "公安交警 刘洋"), ((string?)police["decidedBy"], (string?)police["decidedByName"]));

        var closing = (await window.Get($"/api/v1/consultations/{scenario.RoomId}/events")).AsArray().Single(e => (string?)e!["type"] == "roomClosed")!;
        Assert.Equal(("window", Window), ((string?)closing["actor"], (string?)closing["actorName"]));

        var theCase = await window.Get($"/api/v1/cases/{scenario.CaseId}");
        Assert.Equal(Window, (string?)theCase["receivingOfficerName"]);
        var closed = theCase["timeline"]!.AsArray().Single(t => (string?)t!["type"] == "consultationClosed")!;
        Assert.Equal(("window", Window), ((string?)closed["actor"], (string?)closed["actorName"]));

        var record = (await window.Get($"/api/v1/consultations/{scenario.RoomId}/record"))["record"]!;
        Assert.Equal(4, (int)record["format"]!);
        Assert.Equal(("window", Window), ((string?)record["closedBy"], (string?)record["closedByName"]));
        Assert.Equal(Window, (string?)record["convenerName"]);
        var housing = record["seats"]!.AsArray().Single(s => (string?)s!["department"] == "housing")!["decision"]!;
        // Recorded by the convener on the department's behalf: credited to her.
        Assert.Equal(("window", Window), ((string?)housing["decidedBy"], (string?)housing["decidedByName"]));

        var pdf = RecordApiTests.PdfText(await window.GetByteArrayAsync($"/api/v1/consultations/{scenario.RoomId}/record.pdf"));
        Assert.Contains("召集人：综合窗口王敏", pdf, StringComparison.Ordinal);
        Assert.Contains("结束人综合窗口王敏", pdf, StringComparison.Ordinal);
        Assert.Contains("公安交警刘洋", pdf, StringComparison.Ordinal);
        Assert.DoesNotContain("结束人window", pdf, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAdministratorCreatesAPersonWithADisplayNameAndAPhoneThatTheirNotificationSettingsCarry()
    {
        var admin = await app.SignIn("admin");
        var userName = "wang" + Guid.NewGuid().ToString("N")[..8];
        var created = await (await admin.Post("/api/v1/admin/users", new
        {
            userName, password = "a-long-password", role = "department", department = "transport", displayName = "交通运输局 王芳", phone = "13911112222",
        })).Json(HttpStatusCode.Created);
        Assert.Equal(("交通运输局 王芳", "13911112222"), ((string?)created["displayName"], (string?)created["phone"]));

        var person = await app.SignIn(userName, "a-long-password");
        var me = await person.Get("/api/v1/auth/me");
        Assert.Equal("交通运输局 王芳", (string?)me["displayName"]);
        var settings = await admin.Get($"/api/v1/notification-settings/users/{userName}");
        Assert.Equal("13911112222", (string?)settings["phone"]);
    }

    [Fact]
    public async Task APhoneThatIsNoMobileNumberIsRefusedAndNoAccountIsMade()
    {
        var admin = await app.SignIn("admin");
        var userName = "li" + Guid.NewGuid().ToString("N")[..8];
        await (await admin.Post("/api/v1/admin/users", new { userName, password = "a-long-password", role = "window", displayName = "综合窗口 李雷", phone = "call me" }))
            .Problem(HttpStatusCode.BadRequest, "invalid_input");
        await (await admin.GetAsync($"/api/v1/notification-settings/users/{userName}")).Problem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task WhoAmIAnswersTheDemoDepartmentsPersonByName()
    {
        var transport = await app.SignIn("transport");
        Assert.Equal("交通运输局 吴芳", (string?)(await transport.Get("/api/v1/auth/me"))["displayName"]);
    }
}
