using System.Net;
using System.Net.Http.Json;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Notifications;

/// <summary>The administrator's notification settings over REST: kept, validated, for administrators only.</summary>
[Collection(AppCollection.Name)]
public sealed class NotificationSettingsApiTests(ConsultApp app)
{
    [Fact]
    public async Task AnAdministratorSetsADepartmentsAndAPersonsChannelsAndReadsThemBack()
    {
        var admin = await app.SignIn("admin");
        var put = await (await admin.PutAsJsonAsync("/api/v1/notification-settings/departments/health", new
        {
            channels = new[] { "email", "dingTalk" },
            types = new[] { "invitation", "card" },
            emails = new[] { "wjj@health.example.gov.cn" },
            mobiles = new[] { "13900000002" },
        })).Json(HttpStatusCode.OK);
        var read = await admin.Get("/api/v1/notification-settings/departments/health");
        Assert.Equal(put.Text(), read.Text());
        Assert.Equal(["email", "dingTalk"], read["channels"]!.AsArray().Select(c => (string?)c));

        var user = await (await admin.PutAsJsonAsync("/api/v1/notification-settings/users/road-admin", new { channels = new[] { "dingTalk" }, mobiles = new[] { "13900000003" } })).Json(HttpStatusCode.OK);
        Assert.Equal(("road-admin", "road-admin"), ((string?)user["userName"], (string?)user["department"]));
        var again = await admin.Get("/api/v1/notification-settings/users/road-admin");
        Assert.Equal(["13900000003"], again["settings"]!["mobiles"]!.AsArray().Select(m => (string?)m));
    }

    [Theory]
    [InlineData("""{"channels":["fax"]}""")]
    [InlineData("""{"channels":["email"],"types":["birthday"]}""")]
    [InlineData("""{"channels":["email"],"emails":["not an address"]}""")]
    [InlineData("""{"channels":["dingTalk"],"mobiles":["call me"]}""")]
    public async Task BadSettingsAreRefusedAndChangeNothing(string body)
    {
        var admin = await app.SignIn("admin");
        await (await admin.PutAsJsonAsync("/api/v1/notification-settings/departments/commerce", new { channels = new[] { "email" }, emails = new[] { "swj@commerce.example.gov.cn" } })).Json(HttpStatusCode.OK);
        var before = await admin.Get("/api/v1/notification-settings/departments/commerce");
        var response = await admin.PutAsync("/api/v1/notification-settings/departments/commerce", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await response.Problem(HttpStatusCode.BadRequest, "invalid_input");
        Assert.Equal(before.Text(), (await admin.Get("/api/v1/notification-settings/departments/commerce")).Text());
    }

    [Fact]
    public async Task OnlyAdministratorsSeeOrChangeSettingsAndUnknownNamesAreNotFound()
    {
        var window = await app.SignIn("window");
        await (await window.GetAsync("/api/v1/notification-settings/departments/road-admin")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await window.PutAsJsonAsync("/api/v1/notification-settings/users/window", new { channels = new[] { "email" } })).Problem(HttpStatusCode.Forbidden, "forbidden");
        var admin = await app.SignIn("admin");
        await (await admin.PutAsJsonAsync("/api/v1/notification-settings/departments/no-such-department", new { })).Problem(HttpStatusCode.NotFound, "not_found");
        await (await admin.GetAsync("/api/v1/notification-settings/users/nobody-here")).Problem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task ACasesDeliveryLogIsForStaffOnly()
    {
        var window = await app.SignIn("window");
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var caseId = (string)created["caseId"]!;
        await (await window.Post($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "road-admin" } })).Json(HttpStatusCode.Created);
        // No channel is configured in this app: the log is empty, not missing.
        Assert.Empty((await window.Get($"/api/v1/cases/{caseId}/notifications")).AsArray());
        Assert.Empty((await (await app.SignIn("manager")).Get($"/api/v1/cases/{caseId}/notifications")).AsArray());
        // Invited to the case, yet not staff.
        await (await (await app.SignIn("road-admin")).GetAsync($"/api/v1/cases/{caseId}/notifications")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await (await app.SignIn("tax")).GetAsync($"/api/v1/cases/{caseId}/notifications")).Problem(HttpStatusCode.Forbidden, "forbidden");
    }
}
