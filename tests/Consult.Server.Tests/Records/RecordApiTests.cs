using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Consult.Server.Tests.Fixtures;
using UglyToad.PdfPig;

namespace Consult.Server.Tests.Records;

[Collection(AppCollection.Name)]
public sealed class RecordApiTests(ConsultApp app)
{
    [Fact]
    public async Task AClosedRoomsRecordIsTheSameBytesOnEveryReadAndItsHashIsThatOfItsText()
    {
        var scenario = await RecordScenario.Close(app.SignIn);
        var window = await app.SignIn("window");
        var first = await window.GetStringAsync($"/api/v1/consultations/{scenario.RoomId}/record");
        var road = await app.SignIn("road-admin");
        var second = await road.GetStringAsync($"/api/v1/consultations/{scenario.RoomId}/record");
        Assert.Equal(first, second);

        var answer = JsonNode.Parse(first)!;
        var sha256 = (string)answer["sha256"]!;
        Assert.Equal(Hash(RecordText(first)), sha256);
        Assert.Equal($"https://consult.example.gov.cn/records/{sha256}", (string?)answer["verifyUrl"]);

        var record = answer["record"]!;
        Assert.Equal(scenario.CaseNumber, (string?)record["caseNumber"]);
        Assert.Equal("rejected", (string?)record["jointOutcome"]);
        Assert.Equal(RecordScenario.Statement, (string?)record["statement"]);
        Assert.Equal("王*", (string?)record["applicant"]!["name"]);
        Assert.DoesNotContain("13912345678", first, StringComparison.Ordinal);
        Assert.Equal("window", (string?)record["closedBy"]);
        var seats = record["seats"]!.AsArray();
        var police = seats.Single(s => (string?)s!["department"] == "traffic-police")!;
        Assert.Equal("公安交警", (string?)police["name"]!["zh"]);
        Assert.Equal(RecordScenario.Reason, (string?)police["decision"]!["comment"]);
        Assert.Equal(["approve", "reject"], police["revisions"]!.AsArray().Select(r => (string?)r!["outcome"]));
        Assert.Equal([1, 2], police["revisions"]!.AsArray().Select(r => (int)r!["revision"]!));
        var housing = seats.Single(s => (string?)s!["department"] == "housing")!;
        Assert.True((bool)housing["decision"]!["onBehalf"]!);
        Assert.Equal("window", (string?)housing["decision"]!["decidedBy"]);
        var road0 = seats.Single(s => (string?)s!["department"] == "road-admin")!;
        Assert.Equal([RecordScenario.Condition], road0["decision"]!["conditions"]!.AsArray().Select(c => (string?)c));
        var material = Assert.Single(record["materials"]!.AsArray())!;
        // Named for the matter's required material the file matched, as its first version.
        Assert.Equal("符合有关技术标准、规范要求的设计和施工方案", (string?)material["name"]);
        Assert.Equal(1, (int)material["version"]!);
        Assert.Equal(RecordScenario.Material, (string?)material["fileName"]);
        Assert.Matches("^[0-9a-f]{64}$", (string?)material["sha256"]);
    }

    [Fact]
    public async Task AnyoneMayVerifyARealRecordsHashAndAnUnknownOneIsNotFound()
    {
        var scenario = await RecordScenario.Close(app.SignIn);
        var window = await app.SignIn("window");
        var sha256 = (string)(await window.Get($"/api/v1/consultations/{scenario.RoomId}/record"))["sha256"]!;

        using var anonymous = app.CreateClient();
        var verified = await anonymous.Get($"/api/v1/records/{sha256}");
        Assert.Equal(scenario.CaseNumber, (string?)verified["caseNumber"]);
        Assert.Equal("rejected", (string?)verified["jointOutcome"]);
        Assert.NotNull(verified["closedAt"]);
        Assert.Equal(["caseNumber", "jointOutcome", "closedAt"], verified.AsObject().Select(p => p.Key));
        // Hex is hex in either case.
        Assert.Equal(scenario.CaseNumber, (string?)(await anonymous.Get($"/api/v1/records/{sha256.ToUpperInvariant()}"))["caseNumber"]);

        var forged = sha256[..63] + (sha256[63] == '0' ? '1' : '0');
        await (await anonymous.GetAsync($"/api/v1/records/{forged}")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await anonymous.GetAsync("/api/v1/records/not-a-hash")).Problem(HttpStatusCode.BadRequest, "invalid_input");
    }

    [Fact]
    public async Task ThePdfCarriesTheFactsInChineseText()
    {
        var scenario = await RecordScenario.Close(app.SignIn);
        var window = await app.SignIn("window");
        var sha256 = (string)(await window.Get($"/api/v1/consultations/{scenario.RoomId}/record"))["sha256"]!;
        var response = await window.GetAsync($"/api/v1/consultations/{scenario.RoomId}/record.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", Encoding.ASCII.GetString(bytes, 0, 4));

        var text = PdfText(bytes);
        foreach (var fact in new[]
        {
            "联合会商纪要", scenario.CaseNumber, "公路管理机构（路政）", "公安交警", "住房和城乡建设局", RecordScenario.Statement,
            RecordScenario.Reason, RecordScenario.Condition, RecordScenario.Material, "设计和施工方案 第1版", "不予许可", "召集人代为录入", "修改记录", "王*", sha256,
            $"/records/{sha256}",
        })
        {
            Assert.Contains(Squeeze(fact), text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("13912345678", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOpenRoomHasNoRecordYet()
    {
        var window = await app.SignIn("window");
        var caseId = (string)(await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created))["caseId"]!;
        var roomId = (string)(await (await window.Post($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "road-admin" } })).Json(HttpStatusCode.Created))["roomId"]!;
        await (await window.GetAsync($"/api/v1/consultations/{roomId}/record")).Problem(HttpStatusCode.Conflict, "conflict");
        await (await window.GetAsync($"/api/v1/consultations/{roomId}/record.pdf")).Problem(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task OnlyWhoMayReadTheRoomReadsItsRecord()
    {
        var scenario = await RecordScenario.Close(app.SignIn);
        var tax = await app.SignIn("tax");
        await (await tax.GetAsync($"/api/v1/consultations/{scenario.RoomId}/record")).Problem(HttpStatusCode.Forbidden, "not_invited");
        await (await tax.GetAsync($"/api/v1/consultations/{scenario.RoomId}/record.pdf")).Problem(HttpStatusCode.Forbidden, "not_invited");
        using var anonymous = app.CreateClient();
        await (await anonymous.GetAsync($"/api/v1/consultations/{scenario.RoomId}/record")).Problem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await anonymous.GetAsync($"/api/v1/consultations/{scenario.RoomId}/record.pdf")).Problem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    /// <summary>The <c>record</c> member's text exactly as served: what the hash is of.</summary>
    public static string RecordText(string answer)
    {
        const string Marker = ",\"record\":";
        var start = answer.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length;
        return answer[start..^1];
    }

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Every page's text, without the spaces and line breaks a layout puts in.</summary>
    public static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return Squeeze(string.Concat(document.GetPages().Select(p => p.Text)));
    }

    private static string Squeeze(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}
