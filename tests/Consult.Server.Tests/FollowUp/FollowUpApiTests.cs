using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.FollowUp;

/// <summary>Follow-up tasks over REST: made at close, listed, marked done by their department with a note and a photo, the case completed.</summary>
[Collection(AppCollection.Name)]
public sealed class FollowUpApiTests(ConsultApp app)
{
    private const string Barrier = "施工区设置连续硬质围挡";
    private const string Lights = "夜间设置警示灯";
    private const string Hours = "高峰时段停止占道作业";
    private const string InternalNote = "内部备注：已由队长核查";

    [Fact]
    public async Task TasksAreMarkedDoneByTheirDepartmentOnlyOnceAndTheLastOneCompletesTheCase()
    {
        var (caseId, token) = await CloseWithConditions();
        var window = await app.SignIn("window");
        var road = await app.SignIn("road-admin");
        var police = await app.SignIn("traffic-police");

        var tasks = (await window.Get($"/api/v1/cases/{caseId}/tasks")).AsArray();
        Assert.Equal([(1, "road-admin", Barrier), (2, "road-admin", Lights), (3, "traffic-police", Hours)],
            tasks.Select(t => ((int)t!["taskId"]!, (string)t["department"]!, (string)t["text"]!)));
        Assert.All(tasks, t => Assert.Equal("open", (string?)t!["status"]));
        Assert.All(tasks, t => Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", (string)t!["due"]!));

        await (await police.Post($"/api/v1/cases/{caseId}/tasks/1/done", new { note = "不是我们的" })).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await window.Post($"/api/v1/cases/{caseId}/tasks/1/done", new { note = "代为" })).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await road.Post($"/api/v1/cases/{caseId}/tasks/9/done", new { note = "x" })).Problem(HttpStatusCode.NotFound, "not_found");
        var done = await (await road.Post($"/api/v1/cases/{caseId}/tasks/1/done", new { note = InternalNote })).Json(HttpStatusCode.OK);
        Assert.Equal(("done", "road-admin", InternalNote), ((string?)done["status"], (string?)done["doneBy"], (string?)done["note"]));
        await (await road.Post($"/api/v1/cases/{caseId}/tasks/1/done", new { note = "again" })).Problem(HttpStatusCode.Conflict, "conflict");

        // Done with a photo of the site: kept in the material store, served from the task.
        var photo = Encoding.UTF8.GetBytes("\u00ff\u00d8 现场照片 " + Guid.NewGuid());
        var file = new ByteArrayContent(photo);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        using var form = new MultipartFormDataContent { { new StringContent("警示灯已安装"), "note" }, { file, "file", "现场照片.jpg" } };
        var withPhoto = await (await road.PostAsync($"/api/v1/cases/{caseId}/tasks/2/done", form)).Json(HttpStatusCode.OK);
        Assert.Equal("现场照片.jpg", (string?)withPhoto["material"]!["name"]);
        Assert.Equal(photo, await window.GetByteArrayAsync($"/api/v1/cases/{caseId}/tasks/2/material"));
        Assert.Equal("decided", (string?)(await window.Get($"/api/v1/cases/{caseId}"))["status"]);

        await (await police.Post($"/api/v1/cases/{caseId}/tasks/3/done", new { note = "已调整作业时间" })).Json(HttpStatusCode.OK);
        Assert.Equal("completed", (string?)(await window.Get($"/api/v1/cases/{caseId}"))["status"]);

        // The applicant sees the progress, not the departments' notes or who marked them.
        var anonymous = app.CreateClient();
        var tracked = await anonymous.GetStringAsync($"/api/v1/track/{token}");
        var followUp = System.Text.Json.Nodes.JsonNode.Parse(tracked)!["followUp"]!;
        Assert.Equal((3, 3), ((int)followUp["done"]!, (int)followUp["total"]!));
        Assert.Equal([Barrier, Lights, Hours], followUp["tasks"]!.AsArray().Select(t => (string?)t!["text"]));
        Assert.All(followUp["tasks"]!.AsArray(), t => Assert.Equal("done", (string?)t!["status"]));
        Assert.DoesNotContain(InternalNote, System.Text.Json.Nodes.JsonNode.Parse(tracked)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), StringComparison.Ordinal);
        Assert.DoesNotContain("doneBy", tracked, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheWindowCompletesByHandWithAReasonWhileTasksAreOpen()
    {
        var (caseId, _) = await CloseWithConditions();
        var window = await app.SignIn("window");
        await (await window.Post($"/api/v1/cases/{caseId}/complete", new { })).Problem(HttpStatusCode.BadRequest, "invalid_input");
        await (await (await app.SignIn("road-admin")).Post($"/api/v1/cases/{caseId}/complete", new { reason = "完成" })).Problem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("decided", (string?)(await window.Get($"/api/v1/cases/{caseId}"))["status"]);

        var completed = await (await window.Post($"/api/v1/cases/{caseId}/complete", new { reason = "条件已由现场核查确认" })).Json(HttpStatusCode.OK);
        Assert.Equal("completed", (string?)completed["status"]);
        Assert.Contains(completed["timeline"]!.AsArray(), t => (string?)t!["type"] == "completed" && (string?)t["detail"] == "条件已由现场核查确认");
    }

    [Fact]
    public async Task ManagersReadTheOverdueTasksAndDepartmentsTheirOpenOnes()
    {
        var (caseId, _) = await CloseWithConditions();
        var manager = await app.SignIn("manager");
        var overdue = await manager.Get("/api/v1/tasks/overdue");
        // Just made, due ten working days from now: not overdue.
        Assert.DoesNotContain(overdue["items"]!.AsArray(), t => (string?)t!["caseId"] == caseId);
        Assert.Equal(overdue["items"]!.AsArray().Count, (int)overdue["count"]!);
        await (await (await app.SignIn("window")).GetAsync("/api/v1/tasks/overdue")).Problem(HttpStatusCode.Forbidden, "forbidden");

        var police = await app.SignIn("traffic-police");
        var mine = await Eventually(async () => (await police.Get("/api/v1/tasks"))["items"]!.AsArray(), items => items.Any(t => (string?)t!["caseId"] == caseId));
        Assert.All(mine, t => Assert.Equal("traffic-police", (string?)t!["department"]));
        Assert.Equal(Hours, (string?)mine.Single(t => (string?)t!["caseId"] == caseId)!["text"]);
    }

    /// <summary>road-admin approves with two conditions, traffic police with one; closed. Answers the case id and tracking token.</summary>
    private async Task<(string CaseId, string Token)> CloseWithConditions()
    {
        var window = await app.SignIn("window");
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var caseId = (string)created["caseId"]!;
        var roomId = (string)(await (await window.Post($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "road-admin", "traffic-police" } }))
            .Json(HttpStatusCode.Created))["roomId"]!;
        await (await (await app.SignIn("road-admin")).Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("road-admin", "approveWithConditions", conditions: [Barrier, Lights]))).Json(HttpStatusCode.OK);
        await (await (await app.SignIn("traffic-police")).Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("traffic-police", "approveWithConditions", conditions: [Hours]))).Json(HttpStatusCode.OK);
        await (await window.Post($"/api/v1/consultations/{roomId}/close", new { statement = "同意，附条件" })).Json(HttpStatusCode.OK);
        return (caseId, (string)created["trackingToken"]!);
    }

    private static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var value = await read();
        for (var i = 0; i < 100 && !done(value); i++)
        {
            await Task.Delay(100);
            value = await read();
        }

        Assert.True(done(value), "the condition did not hold within 10 s");
        return value;
    }
}
