using System.Net;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Api;

/// <summary>The applicant's link without an SMS gateway, and what the link shows while the room is open.</summary>
[Collection(AppCollection.Name)]
public sealed class TrackingLinkApiTests(ConsultApp app)
{
    [Fact]
    public async Task TextingTheLinkWithoutAGatewayIsAConflictThatSendsNothingAndADepartmentIsForbidden()
    {
        var window = await app.SignIn("window");
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var caseId = (string)created["caseId"]!;

        var problem = await (await window.Post($"/api/v1/cases/{caseId}/tracking-link/sms", null)).Problem(HttpStatusCode.Conflict, "sms_not_configured");
        Assert.Contains("Consult:Notifications:Sms:Url", (string?)problem["detail"]);
        var road = await app.SignIn("road-admin");
        await (await road.Post($"/api/v1/cases/{caseId}/tracking-link/sms", null)).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await window.Post($"/api/v1/cases/{Guid.NewGuid()}/tracking-link/sms", null)).Problem(HttpStatusCode.NotFound, "not_found");

        Assert.Empty((await window.Get($"/api/v1/cases/{caseId}/notifications")).AsArray());
        var timeline = (await window.Get($"/api/v1/cases/{caseId}"))["timeline"]!.AsArray();
        Assert.DoesNotContain(timeline, t => (string?)t!["type"] == "trackingLinkSent");
    }

    [Fact]
    public async Task WhileTheRoomIsOpenTheLinkShowsWhatEachDepartmentAsksButNoOutcome()
    {
        var window = await app.SignIn("window");
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var roomId = (string)(await (await window.Post($"/api/v1/cases/{created["caseId"]}/consultations",
            new { departments = new[] { "road-admin", "traffic-police", "housing" } })).Json(HttpStatusCode.Created))["roomId"]!;
        await (await (await app.SignIn("road-admin")).Post($"/api/v1/consultations/{roomId}/decisions",
            Contract.Decision("road-admin", "requestSupplement", "补充夜间施工安排\n 补充应急预案 \n"))).Json(HttpStatusCode.OK);
        await (await (await app.SignIn("traffic-police")).Post($"/api/v1/consultations/{roomId}/decisions",
            Contract.Decision("traffic-police", "approveWithConditions", "按交通组织方案施工", ["仅限夜间 22:00 至次日 6:00 施工", "设置警示标志"]))).Json(HttpStatusCode.OK);
        await (await (await app.SignIn("housing")).Post($"/api/v1/consultations/{roomId}/decisions",
            Contract.Decision("housing", "reject", "内部意见：不同意"))).Json(HttpStatusCode.OK);

        var view = await app.CreateClient().Get($"/api/v1/track/{created["trackingToken"]}");
        Assert.Equal("open", (string?)view["roomStatus"]);
        var seats = view["departments"]!.AsArray().ToDictionary(d => (string)d!["department"]!);
        Assert.Equal("supplement", (string?)seats["road-admin"]!["request"]!["kind"]);
        Assert.Equal(["补充夜间施工安排", "补充应急预案"], seats["road-admin"]!["request"]!["items"]!.AsArray().Select(i => (string?)i));
        Assert.Equal("conditions", (string?)seats["traffic-police"]!["request"]!["kind"]);
        Assert.Equal(["仅限夜间 22:00 至次日 6:00 施工", "设置警示标志"], seats["traffic-police"]!["request"]!["items"]!.AsArray().Select(i => (string?)i));
        // A rejection asks nothing of the applicant, and no outcome shows before the close.
        Assert.Null(seats["housing"]!["request"]);
        Assert.DoesNotContain("内部意见", view.Text());
        Assert.All(seats.Values, s => Assert.True((bool)s!["decided"]!));
        Assert.All(seats.Values, s => Assert.Null(s!["outcome"]));
        Assert.All(seats.Values, s => Assert.Empty(s!["conditions"]!.AsArray()));
    }
}
