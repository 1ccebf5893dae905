using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Api;

[Collection(AppCollection.Name)]
public sealed class CaseApiTests(ConsultApp app)
{
    [Fact]
    public async Task RegisteringACaseAnswers201WithNumberTokenAndTrackingUrl()
    {
        var window = await app.SignIn("window");
        var response = await window.Post("/api/v1/cases", Contract.NewCase());
        var created = await response.Json(HttpStatusCode.Created);

        Assert.Matches(@"^CS-\d{8}-\d{4}$", (string?)created["caseNumber"]);
        var token = (string)created["trackingToken"]!;
        Assert.True(token.Length >= 22);
        Assert.Equal($"https://consult.example.gov.cn/track/{token}", (string?)created["trackingUrl"]);
        Assert.Equal($"/api/v1/cases/{created["caseId"]}", response.Headers.Location?.OriginalString);

        var theCase = await window.Get($"/api/v1/cases/{created["caseId"]}");
        Assert.Equal("received", (string?)theCase["status"]);
        Assert.Equal("13912345678", (string?)theCase["applicant"]!["phone"]);
        Assert.Equal("registered", (string?)theCase["timeline"]![0]!["type"]);
    }

    [Theory]
    [InlineData("""{"matterCode":"highway-occupation","applicant":{"name":"王五"},"summary":"x"}""")]
    [InlineData("""{"matterCode":"highway-occupation","summary":"x"}""")]
    [InlineData("""{"matterCode":"no-such-matter","applicant":{"name":"王五","phone":"13912345678"},"summary":"x"}""")]
    [InlineData("""{"matterCode":"highway-occupation","applicant":{"name":"王五","phone":"13912345678"},"summary":""}""")]
    [InlineData("""{"matterCode":"highway-occupation","applicant":{"name":"王五","phone":"not a phone"},"summary":"x"}""")]
    [InlineData("""{"matterCode": """)]
    [InlineData("""[]""")]
    public async Task AnInvalidCaseIsRefusedWithInvalidInput(string body)
    {
        var window = await app.SignIn("window");
        var before = (int)(await window.Get("/api/v1/cases?pageSize=1"))["total"]!;
        var response = await window.PostAsync("/api/v1/cases", new StringContent(body, Encoding.UTF8, "application/json"));
        await response.Problem(HttpStatusCode.BadRequest, "invalid_input");
        Assert.Equal(before, (int)(await window.Get("/api/v1/cases?pageSize=1"))["total"]!);
    }

    [Fact]
    public async Task OnlyWindowOfficersRegisterCases()
    {
        var department = await app.SignIn("road-admin");
        await (await department.Post("/api/v1/cases", Contract.NewCase())).Problem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task AnUnknownCaseIsNotFound()
    {
        var window = await app.SignIn("window");
        await (await window.GetAsync($"/api/v1/cases/{Guid.NewGuid()}")).Problem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task ListingsFilterByStatusMatterAndSearchAndPage()
    {
        var window = await app.SignIn("window");
        var busCases = new List<string>();
        for (var i = 0; i < 3; i++)
            busCases.Add((string)(await (await window.Post("/api/v1/cases", Contract.NewCase("school-bus"))).Json(HttpStatusCode.Created))["caseNumber"]!);

        var page1 = await window.Get("/api/v1/cases?matter=school-bus&status=received&pageSize=2&page=1");
        var page2 = await window.Get("/api/v1/cases?matter=school-bus&status=received&pageSize=2&page=2");
        Assert.True((int)page1["total"]! >= 3);
        Assert.Equal(2, page1["items"]!.AsArray().Count);
        Assert.All(page1["items"]!.AsArray().Concat(page2["items"]!.AsArray()), c =>
        {
            Assert.Equal("school-bus", (string?)c!["matterCode"]);
            Assert.Equal("received", (string?)c["status"]);
        });
        var numbers = page1["items"]!.AsArray().Concat(page2["items"]!.AsArray()).Select(c => (string?)c!["caseNumber"]).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());

        var found = await window.Get($"/api/v1/cases?q={busCases[1]}");
        Assert.Equal(busCases[1], (string?)Assert.Single(found["items"]!.AsArray())!["caseNumber"]);

        var consulting = await window.Get("/api/v1/cases?status=consulting&pageSize=100");
        Assert.All(consulting["items"]!.AsArray(), c => Assert.Equal("consulting", (string?)c!["status"]));
    }

    [Theory]
    [InlineData("status=banana")]
    [InlineData("pageSize=0")]
    [InlineData("page=0")]
    [InlineData("from=2026-01-10T00:00:00Z&to=2026-01-01T00:00:00Z")]
    [InlineData("from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z")]
    [InlineData("from=yesterday")]
    public async Task AnInvalidListingQueryIsInvalidInput(string query)
    {
        var window = await app.SignIn("window");
        await (await window.GetAsync($"/api/v1/cases?{query}")).Problem(HttpStatusCode.BadRequest, "invalid_input");
    }

    [Fact]
    public async Task DepartmentsDoNotListAllCases()
    {
        var department = await app.SignIn("road-admin");
        await (await department.GetAsync("/api/v1/cases")).Problem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task AMaterialIsStoredByItsSha256AndReadByInvitedDepartmentsOnly()
    {
        var window = await app.SignIn("window");
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var caseId = (string)created["caseId"]!;
        var bytes = Encoding.UTF8.GetBytes("施工方案 第一版\n" + Guid.NewGuid());

        var material = await (await window.PostAsync($"/api/v1/cases/{caseId}/materials", Upload("施工方案.pdf", bytes))).Json(HttpStatusCode.Created);
        // Named for the matter's required material it matches, as its first version; the file keeps its own name.
        Assert.Equal("符合有关技术标准、规范要求的设计和施工方案", (string?)material["name"]);
        Assert.Equal(1, (int)material["version"]!);
        Assert.Equal("施工方案.pdf", (string?)material["fileName"]);
        Assert.Equal(bytes.Length, (long)material["size"]!);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), (string?)material["sha256"]);

        var again = await (await window.PostAsync($"/api/v1/cases/{caseId}/materials", Upload("copy.pdf", bytes))).Json(HttpStatusCode.Created);
        Assert.Equal((string?)material["sha256"], (string?)again["sha256"]);
        Assert.Single((await window.Get($"/api/v1/cases/{caseId}"))["materials"]!.AsArray());

        await window.Post($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "road-admin" } });
        var department = await app.SignIn("road-admin");
        var download = await department.GetAsync($"/api/v1/cases/{caseId}/materials/{material["sha256"]}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());

        var outsider = await app.SignIn("tax");
        await (await outsider.GetAsync($"/api/v1/cases/{caseId}/materials/{material["sha256"]}")).Problem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task AnOversizeOrMissingFileIsInvalidInput()
    {
        var window = await app.SignIn("window");
        var caseId = (string)(await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created))["caseId"]!;

        await (await window.PostAsync($"/api/v1/cases/{caseId}/materials", Upload("big.bin", new byte[4097])))
            .Problem(HttpStatusCode.BadRequest, "invalid_input");
        await (await window.PostAsync($"/api/v1/cases/{caseId}/materials", new MultipartFormDataContent()))
            .Problem(HttpStatusCode.BadRequest, "invalid_input");
        Assert.Empty((await window.Get($"/api/v1/cases/{caseId}"))["materials"]!.AsArray());
    }

    [Fact]
    public async Task AReceivedCaseCanBeWithdrawnWithAReason()
    {
        var window = await app.SignIn("window");
        var caseId = (string)(await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created))["caseId"]!;
        await (await window.Post($"/api/v1/cases/{caseId}/withdraw", new { reason = "" })).Problem(HttpStatusCode.BadRequest, "invalid_input");
        var withdrawn = await (await window.Post($"/api/v1/cases/{caseId}/withdraw", new { reason = "申请人撤回" })).Json(HttpStatusCode.OK);
        Assert.Equal("withdrawn", (string?)withdrawn["status"]);
        await (await window.Post($"/api/v1/cases/{caseId}/consultations", new { })).Problem(HttpStatusCode.Conflict, "conflict");
    }

    private static MultipartFormDataContent Upload(string name, byte[] bytes)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent { { file, "file", name } };
    }
}
