using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Api;

[Collection(AppCollection.Name)]
public sealed class ConsultationApiTests(ConsultApp app)
{
    [Fact]
    public async Task TheReadmeTourRunsAWholeConsultationWithThreeDepartmentTokens()
    {
        var window = await app.SignIn("window");
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var opened = await window.Post($"/api/v1/cases/{created["caseId"]}/consultations", new { departments = new[] { "road-admin", "traffic-police", "housing" } });
        var roomId = (string)(await opened.Json(HttpStatusCode.Created))["roomId"]!;
        Assert.Equal($"/api/v1/consultations/{roomId}", opened.Headers.Location?.OriginalString);

        var snapshot = (await window.Get($"/api/v1/consultations/{roomId}")).AsObject();
        Assert.Superset(
            new HashSet<string> { "roomId", "caseId", "caseNumber", "matterCode", "status", "convener", "openedAt", "deadline", "seats", "jointOutcome", "statement", "closedAt", "seq" },
            snapshot.Select(p => p.Key).ToHashSet());
        Assert.Equal("open", (string?)snapshot["status"]);
        Assert.Equal("pending", (string?)snapshot["jointOutcome"]);
        Assert.Equal(["road-admin", "traffic-police", "housing"], snapshot["seats"]!.AsArray().Select(s => (string?)s!["department"]));
        // The matter's roles: housing decides nothing on a highway (it is heard, as an advisory seat).
        Assert.Equal(["required", "required", "advisory"], snapshot["seats"]!.AsArray().Select(s => (string?)s!["role"]));
        Assert.All(snapshot["seats"]!.AsArray(), s => Assert.Equal("invited", (string?)s!["status"]));

        var road = await app.SignIn("road-admin");
        var police = await app.SignIn("traffic-police");
        var housing = await app.SignIn("housing");
        await (await road.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("road-admin", "approve"))).Json(HttpStatusCode.OK);
        var afterRequired = await (await police.Post($"/api/v1/consultations/{roomId}/decisions",
            Contract.Decision("traffic-police", "approveWithConditions", conditions: ["设置作业区警示标志", "夜间施工配专人指挥"]))).Json(HttpStatusCode.OK);
        Assert.Equal("approvedWithConditions", (string?)afterRequired["jointOutcome"]);
        var last = await (await housing.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("housing", "approve"))).Json(HttpStatusCode.OK);
        Assert.Equal("approvedWithConditions", (string?)last["jointOutcome"]);
        var policeSeat = last["seats"]!.AsArray().Single(s => (string?)s!["department"] == "traffic-police")!;
        Assert.Equal("decided", (string?)policeSeat["status"]);
        Assert.Equal(["设置作业区警示标志", "夜间施工配专人指挥"], policeSeat["decision"]!["conditions"]!.AsArray().Select(c => (string?)c));
        Assert.Equal("traffic-police", (string?)policeSeat["decision"]!["decidedBy"]);

        var closed = await (await window.Post($"/api/v1/consultations/{roomId}/close", new { statement = "联合会商同意，附交警条件。" })).Json(HttpStatusCode.OK);
        Assert.Equal("closed", (string?)closed["status"]);
        Assert.Equal("approvedWithConditions", (string?)closed["jointOutcome"]);
        Assert.Equal("联合会商同意，附交警条件。", (string?)closed["statement"]);
        Assert.NotNull(closed["closedAt"]);
        Assert.Equal(5, (long)closed["seq"]!);

        var theCase = await window.Get($"/api/v1/cases/{created["caseId"]}");
        Assert.Equal("decided", (string?)theCase["status"]);
    }

    [Fact]
    public async Task ARepresentativeDecidingForAnotherDepartmentIsForbidden()
    {
        var (roomId, _) = await OpenRoom();
        var police = await app.SignIn("traffic-police");
        await (await police.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("road-admin", "approve")))
            .Problem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task ADepartmentNotInvitedGetsNotInvited()
    {
        var (roomId, _) = await OpenRoom();
        var tax = await app.SignIn("tax");
        await (await tax.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("tax", "approve")))
            .Problem(HttpStatusCode.Forbidden, "not_invited");
        await (await tax.GetAsync($"/api/v1/consultations/{roomId}")).Problem(HttpStatusCode.Forbidden, "not_invited");
    }

    [Fact]
    public async Task AnUnknownRoomIsNotFound()
    {
        var window = await app.SignIn("window");
        var road = await app.SignIn("road-admin");
        await (await window.GetAsync($"/api/v1/consultations/{Guid.NewGuid()}")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await road.Post($"/api/v1/consultations/{Guid.NewGuid()}/decisions", Contract.Decision("road-admin", "approve")))
            .Problem(HttpStatusCode.NotFound, "not_found");
        await (await window.GetAsync("/api/v1/consultations/not-a-guid")).Problem(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("reject", null)]
    [InlineData("requestSupplement", "")]
    [InlineData("recuse", null)]
    [InlineData("approveWithConditions", "ok")]
    public async Task AMissingReasonOrConditionIsInvalidInputAndChangesNothing(string outcome, string? comment)
    {
        var (roomId, window) = await OpenRoom();
        var road = await app.SignIn("road-admin");
        var before = (await window.Get($"/api/v1/consultations/{roomId}")).Text();

        await (await road.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("road-admin", outcome, comment)))
            .Problem(HttpStatusCode.BadRequest, "invalid_input");
        Assert.Equal(before, (await window.Get($"/api/v1/consultations/{roomId}")).Text());
    }

    [Theory]
    [InlineData("""{"department":"road-admin","outcome":"maybe","idempotencyKey":"k1"}""")]
    [InlineData("""{"department":"road-admin","outcome":"approve"}""")]
    [InlineData("""{"department":"road-admin","outcome":0,"idempotencyKey":"k2"}""")]
    [InlineData("""{"department":"road-admin","outcome":"approve","conditions":"not-a-list","idempotencyKey":"k3"}""")]
    public async Task AMalformedDecisionIsInvalidInput(string body)
    {
        var (roomId, _) = await OpenRoom();
        var road = await app.SignIn("road-admin");
        await (await road.PostAsync($"/api/v1/consultations/{roomId}/decisions", new StringContent(body, Encoding.UTF8, "application/json")))
            .Problem(HttpStatusCode.BadRequest, "invalid_input");
    }

    [Fact]
    public async Task ResendingADecisionWithTheSameKeyRecordsOnceAndAnswersTheSameSnapshot()
    {
        var (roomId, window) = await OpenRoom();
        var road = await app.SignIn("road-admin");
        var decision = Contract.Decision("road-admin", "reject", "《公路法》第44条：方案影响公路安全");
        var first = await (await road.Post($"/api/v1/consultations/{roomId}/decisions", decision)).Json(HttpStatusCode.OK);
        var again = await (await road.Post($"/api/v1/consultations/{roomId}/decisions", decision)).Json(HttpStatusCode.OK);

        Assert.Equal(first.Text(), again.Text());
        var events = (await window.Get($"/api/v1/consultations/{roomId}/events?afterSeq=0")).AsArray();
        Assert.Single(events, e => (string?)e!["type"] == "decisionCast");
        Assert.Equal("reject", (string?)events.Single(e => (string?)e!["type"] == "decisionCast")!["payload"]!["outcome"]);
    }

    [Fact]
    public async Task CloseByAWindowOfficerWhoIsNotTheConvenerIsForbidden()
    {
        var (roomId, _) = await ApprovedRoom();
        var other = await app.SignIn("window2");
        await (await other.Post($"/api/v1/consultations/{roomId}/close", new { statement = "同意" })).Problem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task CloseWhileThePendingOutcomeIsAConflict()
    {
        var (roomId, window) = await OpenRoom();
        await (await window.Post($"/api/v1/consultations/{roomId}/close", new { statement = "同意" })).Problem(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task ADecisionOnAClosedRoomIsRoomClosed()
    {
        var (roomId, window) = await ApprovedRoom();
        await (await window.Post($"/api/v1/consultations/{roomId}/close", new { statement = "同意" })).Json(HttpStatusCode.OK);
        var road = await app.SignIn("road-admin");
        await (await road.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("road-admin", "reject", "改变主意")))
            .Problem(HttpStatusCode.Conflict, "room_closed");
        await (await window.Post($"/api/v1/consultations/{roomId}/messages", new { text = "还在吗", clientMessageId = "late" }))
            .Problem(HttpStatusCode.Conflict, "room_closed");
    }

    [Fact]
    public async Task MessagesInvitationsAndDeadlinesGoIntoTheLog()
    {
        var (roomId, window) = await OpenRoom();
        var road = await app.SignIn("road-admin");
        var message = await (await road.Post($"/api/v1/consultations/{roomId}/messages", new { text = "请补充交通组织图", clientMessageId = "m-1" })).Json(HttpStatusCode.OK);
        Assert.Equal("messagePosted", (string?)message["type"]);
        Assert.Equal("请补充交通组织图", (string?)message["payload"]!["text"]);
        await (await road.Post($"/api/v1/consultations/{roomId}/messages", new { text = new string('长', 2001), clientMessageId = "m-2" }))
            .Problem(HttpStatusCode.BadRequest, "invalid_input");

        await (await road.Post($"/api/v1/consultations/{roomId}/invitations", new { department = "tax" })).Problem(HttpStatusCode.Forbidden, "forbidden");
        var invited = await (await window.Post($"/api/v1/consultations/{roomId}/invitations", new { department = "tax", role = "advisory" })).Json(HttpStatusCode.OK);
        Assert.Equal("advisory", (string?)invited["seats"]!.AsArray().Single(s => (string?)s!["department"] == "tax")!["role"]);
        var tax = await app.SignIn("tax");
        var inbox = await tax.Get("/api/v1/departments/tax/invitations");
        Assert.Contains(inbox.AsArray(), i => (string?)i!["roomId"] == roomId);
        await (await tax.GetAsync("/api/v1/departments/road-admin/invitations")).Problem(HttpStatusCode.Forbidden, "forbidden");

        var deadline = DateTimeOffset.Parse((string)invited["deadline"]!).AddHours(2);
        var extended = await (await window.Post($"/api/v1/consultations/{roomId}/deadline", new { deadline, reason = "需现场勘查" })).Json(HttpStatusCode.OK);
        Assert.Equal(deadline, DateTimeOffset.Parse((string)extended["deadline"]!));

        var events = (await window.Get($"/api/v1/consultations/{roomId}/events?afterSeq=1")).AsArray();
        Assert.Equal(["messagePosted", "seatInvited", "deadlineExtended"], events.Select(e => (string?)e!["type"]));
        Assert.Equal([2L, 3L, 4L], events.Select(e => (long)e!["seq"]!));
    }

    [Fact]
    public async Task TheApplicantLinkShowsProgressButNoDiscussionAndNeedsNoSignIn()
    {
        var window = await app.SignIn("window");
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var roomId = (string)(await (await window.Post($"/api/v1/cases/{created["caseId"]}/consultations", new { departments = new[] { "road-admin" } })).Json(HttpStatusCode.Created))["roomId"]!;
        var road = await app.SignIn("road-admin");
        await road.Post($"/api/v1/consultations/{roomId}/messages", new { text = "内部讨论：先不告诉申请人", clientMessageId = "secret" });
        await road.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("road-admin", "requestSupplement", "请补充交通组织方案"));
        await window.Post($"/api/v1/consultations/{roomId}/close", new { statement = "请补充材料" });

        var anonymous = app.CreateClient();
        var view = await anonymous.Get($"/api/v1/track/{created["trackingToken"]}");
        Assert.Equal((string?)created["caseNumber"], (string?)view["caseNumber"]);
        Assert.Equal("supplementRequired", (string?)view["status"]);
        Assert.Equal("supplementRequired", (string?)view["jointOutcome"]);
        Assert.Equal(["请补充交通组织方案"], view["askedOfApplicant"]!.AsArray().Select(a => (string?)a));
        Assert.Equal("王*", (string?)view["applicantName"]);
        var text = view.Text();
        Assert.DoesNotContain("内部讨论", text);
        Assert.DoesNotContain("13912345678", text);

        await (await anonymous.GetAsync("/api/v1/track/not-a-token")).Problem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task ManagersReadDecisionFiguresAndOthersMayNot()
    {
        var (roomId, window) = await ApprovedRoom();
        await window.Post($"/api/v1/consultations/{roomId}/close", new { statement = "同意" });

        var manager = await app.SignIn("manager");
        var figures = await manager.Get("/api/v1/metrics/decisions");
        Assert.True((int)figures["roomsClosed"]! >= 1);
        Assert.True((int)figures["outcomes"]!["approved"]! >= 1);
        Assert.NotNull(figures["medianMinutesToClose"]);
        Assert.Contains(figures["departments"]!.AsArray(), d => (string?)d!["department"] == "road-admin");
        Assert.Contains(figures["matters"]!.AsArray(), m => (string?)m!["matterCode"] == "highway-occupation" && (int)m["legacyMinutes"]! == 4320);

        await (await window.GetAsync("/api/v1/metrics/decisions")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await manager.GetAsync("/api/v1/metrics/decisions?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z"))
            .Problem(HttpStatusCode.BadRequest, "invalid_input");
    }

    private async Task<(string RoomId, HttpClient Window)> OpenRoom()
    {
        var window = await app.SignIn("window");
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var room = await (await window.Post($"/api/v1/cases/{created["caseId"]}/consultations", new { departments = new[] { "road-admin", "traffic-police" } })).Json(HttpStatusCode.Created);
        return ((string)room["roomId"]!, window);
    }

    private async Task<(string RoomId, HttpClient Window)> ApprovedRoom()
    {
        var (roomId, window) = await OpenRoom();
        foreach (var department in new[] { "road-admin", "traffic-police" })
        {
            var client = await app.SignIn(department);
            await (await client.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision(department, "approve"))).Json(HttpStatusCode.OK);
        }

        return (roomId, window);
    }
}
