using System.Globalization;
using System.Net;
using System.Text;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Metrics;

/// <summary>The decisions export a manager opens in a spreadsheet: what it lists is what the figures count.</summary>
[Collection(AppCollection.Name)]
public sealed class DecisionsCsvTests(ConsultApp app)
{
    [Fact]
    public async Task TheCsvHasABomAHeaderChineseNamesAndTheRowsBehindTheDepartmentFigures()
    {
        var window = await app.SignIn("window");
        var manager = await app.SignIn("manager");
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        var rooms = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var caseId = (string)(await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created))["caseId"]!;
            var roomId = (string)(await (await window.Post($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "road-admin", "traffic-police" } })).Json(HttpStatusCode.Created))["roomId"]!;
            await (await (await app.SignIn("road-admin")).Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("road-admin", "approve"))).Json(HttpStatusCode.OK);
            await (await (await app.SignIn("traffic-police")).Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("traffic-police", "approve"))).Json(HttpStatusCode.OK);
            rooms.Add(roomId);
        }

        // The figures hear of decisions through the rooms' outboxes: wait until all four are listed.
        var period = $"from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O", CultureInfo.InvariantCulture))}";
        List<Dictionary<string, string>> rows = [];
        byte[] csv = [];
        for (var attempt = 0; attempt < 100 && rows.Count(r => rooms.Contains(r["roomId"])) < 4; attempt++)
        {
            await Task.Delay(100);
            var response = await manager.GetAsync($"/api/v1/metrics/decisions.csv?{period}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            csv = await response.Content.ReadAsByteArrayAsync();
            rows = CsvRows.Read(csv);
        }

        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), csv[..3]);
        Assert.StartsWith("caseNumber,matter,matterName,roomId,department,departmentName,invitedAt,decidedAt,responseMinutes", Encoding.UTF8.GetString(csv[3..]), StringComparison.Ordinal);
        var ours = rows.Where(r => rooms.Contains(r["roomId"])).ToList();
        Assert.Equal(4, ours.Count);
        Assert.All(ours.Where(r => r["department"] == "traffic-police"), r => Assert.Equal("公安交警", r["departmentName"]));
        Assert.All(ours, r => Assert.Equal("占用、挖掘公路施工许可", r["matterName"]));

        // Every department's count and median response in the figures of the same period are the CSV's.
        var figures = await manager.Get($"/api/v1/metrics/decisions?{period}");
        foreach (var department in figures["departments"]!.AsArray())
        {
            // The department's own responses: one recorded on its behalf is listed as such, not counted as its response.
            var listed = rows.Where(r => r["department"] == (string?)department!["department"] && r["response"] == "own")
                .Select(r => double.Parse(r["responseMinutes"], CultureInfo.InvariantCulture)).Order().ToList();
            Assert.Equal((int)department!["decisions"]!, listed.Count);
            // The nearest-rank median, as the figures define it.
            var median = listed[(int)Math.Ceiling(listed.Count / 2.0) - 1];
            Assert.Equal((double)department["medianResponseMinutes"]!, median, 0.01);
        }

        await (await window.GetAsync($"/api/v1/metrics/decisions.csv?{period}")).Problem(HttpStatusCode.Forbidden, "forbidden");
    }
}
