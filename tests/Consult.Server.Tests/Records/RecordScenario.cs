using System.Net;
using System.Net.Http.Headers;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Records;

/// <summary>
/// A closed room worth a record: a material, a revision (traffic police approved, then rejected on
/// a legal basis), conditions from road administration, and housing's decision recorded on its
/// behalf by the convener; rejected as a whole.
/// </summary>
public sealed record RecordScenario(string CaseId, string CaseNumber, string RoomId)
{
    public const string Statement = "经联合会商，不予许可。交警部门认为施工方案影响通行安全。";
    public const string Reason = "依据《公路安全保护条例》第二十七条，未提交交通安全评价";
    public const string Condition = "施工区设置警示标志";
    public const string Material = "施工方案.pdf";

    /// <summary>Runs the scenario with <paramref name="signIn"/> (a client signed in as the user named).</summary>
    public static async Task<RecordScenario> Close(Func<string, Task<HttpClient>> signIn)
    {
        var window = await signIn("window");
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var caseId = (string)created["caseId"]!;
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes("%PDF-1.4 施工方案 " + Guid.NewGuid()));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var form = new MultipartFormDataContent { { file, "file", Material } };
        await (await window.PostAsync($"/api/v1/cases/{caseId}/materials", form)).Json(HttpStatusCode.Created);
        var roomId = (string)(await (await window.Post($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "road-admin", "traffic-police", "housing" } }))
            .Json(HttpStatusCode.Created))["roomId"]!;

        var road = await signIn("road-admin");
        var police = await signIn("traffic-police");
        await (await road.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("road-admin", "approveWithConditions", conditions: [Condition]))).Json(HttpStatusCode.OK);
        await (await police.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("traffic-police", "approve"))).Json(HttpStatusCode.OK);
        await (await police.Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("traffic-police", "reject", comment: Reason))).Json(HttpStatusCode.OK);
        await (await window.Post($"/api/v1/consultations/{roomId}/decisions", new { department = "housing", outcome = "approve", comment = "电话确认", idempotencyKey = Guid.NewGuid().ToString("N"), onBehalf = true }))
            .Json(HttpStatusCode.OK);
        var closed = await (await window.Post($"/api/v1/consultations/{roomId}/close", new { statement = Statement })).Json(HttpStatusCode.OK);
        Assert.Equal("rejected", (string?)closed["jointOutcome"]);
        return new RecordScenario(caseId, (string)created["caseNumber"]!, roomId);
    }
}
