using System.Globalization;
using System.Net;
using System.Text;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Metrics;

/// <summary>
/// A manager opens a figure into the cases behind it, in the API and as CSV: the lists are the
/// figures' own rows; a decision recorded on a department's behalf is its response only once it confirms.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FigureCasesApiTests(ConsultApp app)
{
    [Fact]
    public async Task OnBehalfCountsOnceConfirmedAndEveryFigureOpensIntoItsRows()
    {
        var window = await app.SignIn("window");
        var manager = await app.SignIn("manager");
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        var caseId = (string)(await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created))["caseId"]!;
        var roomId = (string)(await (await window.Post($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "road-admin", "traffic-police" } })).Json(HttpStatusCode.Created))["roomId"]!;
        var period = $"from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(5).ToString("O", CultureInfo.InvariantCulture))}";

        // The window records the police's decision on its behalf (by phone).
        await (await window.Post($"/api/v1/consultations/{roomId}/decisions",
            new { department = "traffic-police", outcome = "approve", idempotencyKey = Guid.NewGuid().ToString("N"), onBehalf = true })).Json(HttpStatusCode.OK);
        var onBehalf = await Rows(manager, $"figure=onBehalf&{period}", r => r.Count(x => (string?)x!["roomId"] == roomId) == 1);
        Assert.Equal("traffic-police", (string?)onBehalf.Single(x => (string?)x!["roomId"] == roomId)!["department"]);
        Assert.DoesNotContain((await Rows(manager, $"figure=responses&{period}")), x => (string?)x!["roomId"] == roomId);

        // The police confirm it themselves: now it is their response, and no longer one made for them.
        await (await (await app.SignIn("traffic-police")).Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("traffic-police", "approve"))).Json(HttpStatusCode.OK);
        var responses = await Rows(manager, $"figure=responses&{period}", r => r.Any(x => (string?)x!["roomId"] == roomId));
        Assert.Equal(caseId, (string?)responses.Single(x => (string?)x!["roomId"] == roomId)!["caseId"]);
        Assert.DoesNotContain(await Rows(manager, $"figure=onBehalf&{period}"), x => (string?)x!["roomId"] == roomId);

        // The case is received in the period; the figure and its list agree, for every figure.
        await Rows(manager, $"figure=received&{period}", r => r.Any(x => (string?)x!["caseId"] == caseId));
        var figures = await manager.Get($"/api/v1/metrics/decisions?{period}");
        var cases = figures["cases"]!;
        foreach (var (figure, field) in new[] { ("received", "received"), ("toStart", "toStart"), ("onBehalf", "onBehalf") })
            Assert.Equal((int)cases[field]!, (await Rows(manager, $"figure={figure}&{period}")).Count);
        Assert.Equal((int)figures["roomsOpened"]!, (await Rows(manager, $"figure=roomsOpened&{period}")).Count);
        var police = figures["ranking"]!.AsArray().Single(d => (string?)d!["department"] == "traffic-police")!;
        Assert.Equal((int)police["responses"]!, (await Rows(manager, $"figure=responses&department=traffic-police&{period}")).Count);

        // The same rows as CSV: a BOM, the header, Chinese names that survive a CSV reader.
        var response = await manager.GetAsync($"/api/v1/metrics/cases.csv?figure=responses&department=traffic-police&{period}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csv = await response.Content.ReadAsByteArrayAsync();
        Assert.StartsWith("figure,caseNumber,matter,matterName,department,departmentName,at,minutes,detail,caseId,roomId", Encoding.UTF8.GetString(csv[3..]), StringComparison.Ordinal);
        var read = CsvRows.Read(csv).Select(r => (Room: r["roomId"], Department: r["departmentName"], Matter: r["matterName"])).ToList();
        Assert.Equal((int)police["responses"]!, read.Count);
        Assert.Contains(read, r => r.Room == roomId && r.Department == "公安交警" && r.Matter == "占用、挖掘公路施工许可");

        // Bad input and the wrong reader change nothing and say why.
        await (await manager.GetAsync($"/api/v1/metrics/cases?figure=everything&{period}")).Problem(HttpStatusCode.BadRequest, "invalid_input");
        await (await window.GetAsync($"/api/v1/metrics/cases?figure=received&{period}")).Problem(HttpStatusCode.Forbidden, "forbidden");
    }

    /// <summary>The rows of a figure; with <paramref name="until"/>, asked again until the outboxes have delivered.</summary>
    private static async Task<List<System.Text.Json.Nodes.JsonNode?>> Rows(HttpClient manager, string query, Func<List<System.Text.Json.Nodes.JsonNode?>, bool>? until = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            var rows = (await manager.Get($"/api/v1/metrics/cases?{query}")).AsArray().ToList();
            if (until is null || until(rows) || attempt >= 100)
                return rows;
            await Task.Delay(100);
        }
    }
}
