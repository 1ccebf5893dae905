using System.Net;
using System.Text;
using Consult.Server.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace Consult.Server.Tests.Api;

/// <summary>The case list as a spreadsheet: every page of the same filter, Chinese intact, the applicant's name as the reader may see it.</summary>
[Collection(AppCollection.Name)]
public sealed class CaseListCsvTests(ConsultApp app)
{
    [Fact]
    public async Task TheCsvListsEveryCaseOfTheFilterWithTheNamesTheReaderMaySee()
    {
        var window = await app.SignIn("window");
        var manager = await app.SignIn("manager");
        var marker = "导出" + Guid.NewGuid().ToString("N")[..6];
        var ids = await Register(window, marker, 3, organization: "县供电公司");

        // The window reads the names in full, as on its listing; the total is the listing's total, not a page.
        var listed = await window.Get($"/api/v1/cases?q={Uri.EscapeDataString(marker)}&pageSize=2");
        var rows = await Csv(window, $"/api/v1/cases.csv?q={Uri.EscapeDataString(marker)}");
        Assert.Equal((int)listed["total"]!, rows.Count);
        Assert.Equal(ids.Order(), rows.Select(r => r["caseId"]).Order());
        Assert.All(rows, r => Assert.StartsWith(marker, r["applicant"], StringComparison.Ordinal));
        Assert.All(rows, r => Assert.Equal("占用、挖掘公路施工许可", r["matterName"]));
        Assert.All(rows, r => Assert.Equal("received", r["status"]));

        // A manager gets the masked names the listing shows a manager; a status filter narrows.
        var managerRows = await Csv(manager, $"/api/v1/cases.csv?status=received");
        Assert.Contains(managerRows, r => ids.Contains(r["caseId"]));
        Assert.All(managerRows.Where(r => ids.Contains(r["caseId"])), r => Assert.DoesNotContain(marker, r["applicant"], StringComparison.Ordinal));
        Assert.Empty(await Csv(manager, $"/api/v1/cases.csv?status=withdrawn&q={Uri.EscapeDataString(marker)}"));

        await (await manager.GetAsync("/api/v1/cases.csv?status=nonsense")).Problem(HttpStatusCode.BadRequest, "invalid_input");
        await (await (await app.SignIn("road-admin")).GetAsync("/api/v1/cases.csv")).Problem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task TheExportReadsTheIndexPageByPageAndListsEachCaseOnceNewestFirst()
    {
        var window = await app.SignIn("window");
        var marker = "分页" + Guid.NewGuid().ToString("N")[..6];
        var ids = await Register(window, marker, 5);

        // Pages of two: three reads of the index, the last one short.
        var listing = app.Services.GetRequiredService<Consult.Server.Api.CaseListing>();
        var officer = new Consult.Common.Actor("window", Consult.Common.Roles.Window, null);
        var exported = new List<Consult.Cases.CaseSummary>();
        await foreach (var line in await listing.Export(officer, null, null, null, null, marker, CancellationToken.None, pageSize: 2))
            exported.Add(line);
        Assert.Equal(Enumerable.Reverse(ids), exported.Select(c => c.CaseId.ToString()));
        Assert.Equal(exported.OrderByDescending(c => c.CreatedAt).Select(c => c.CaseId), exported.Select(c => c.CaseId));

        // The file over HTTP: the same cases, newest first.
        var rows = await Csv(window, $"/api/v1/cases.csv?q={Uri.EscapeDataString(marker)}");
        Assert.Equal(Enumerable.Reverse(ids), rows.Select(r => r["caseId"]));

        // Bad input is refused before the file starts: a problem, not a broken file.
        await (await window.GetAsync($"/api/v1/cases.csv?from=2026-12-01&to=2026-11-01")).Problem(HttpStatusCode.BadRequest, "invalid_input");
    }

    /// <summary>Registers <paramref name="count"/> cases whose applicants' names start with <paramref name="marker"/>, oldest first.</summary>
    private static async Task<List<string>> Register(HttpClient window, string marker, int count, string? organization = null)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var request = new
            {
                matterCode = "highway-occupation",
                applicant = new { name = $"{marker}{i}", phone = "13912345678", organization, idNumber = (string?)null },
                summary = "导出测试",
            };
            ids.Add((string)(await (await window.Post("/api/v1/cases", request)).Json(HttpStatusCode.Created))["caseId"]!);
        }

        return ids;
    }

    private static async Task<List<Dictionary<string, string>>> Csv(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.StartsWith(string.Join(',', Consult.Server.Api.CaseListCsv.Header), Encoding.UTF8.GetString(bytes[3..]), StringComparison.Ordinal);
        var rows = CsvRows.Read(bytes);
        return rows;
    }
}
