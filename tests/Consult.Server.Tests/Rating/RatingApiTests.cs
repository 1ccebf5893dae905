using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Consult.Server.Tests.Fixtures;

namespace Consult.Server.Tests.Rating;

/// <summary>好差评 over REST: rated once through the link after the decision, a poor rating followed up by the window, the figures counting it.</summary>
[Collection(AppCollection.Name)]
public sealed class RatingApiTests(ConsultApp app)
{
    [Fact]
    public async Task TheApplicantRatesOnceAfterTheDecisionAndBadRatingsChangeNothing()
    {
        var window = await app.SignIn("window");
        var anonymous = app.CreateClient();
        var (caseId, token, roomId) = await Consulting(window);

        await (await anonymous.Post($"/api/v1/track/{token}/rating", new { score = 5 })).Problem(HttpStatusCode.Conflict, "conflict");
        await Decide(window, roomId);

        await (await anonymous.Post($"/api/v1/track/{token}/rating", new { score = 0 })).Problem(HttpStatusCode.BadRequest, "invalid_input");
        await (await anonymous.Post($"/api/v1/track/{token}/rating", new { score = 6, comment = "好" })).Problem(HttpStatusCode.BadRequest, "invalid_input");
        await (await anonymous.Post($"/api/v1/track/{token}/rating", new { comment = "没有分数" })).Problem(HttpStatusCode.BadRequest, "invalid_input");
        await (await anonymous.Post($"/api/v1/track/{token}/rating", new { score = "five" })).Problem(HttpStatusCode.BadRequest, "invalid_input");
        await (await anonymous.Post($"/api/v1/track/{token}/rating", new { score = 4, comment = new string('好', 501) })).Problem(HttpStatusCode.BadRequest, "invalid_input");
        await (await anonymous.Post($"/api/v1/track/{new string('x', 43)}/rating", new { score = 4 })).Problem(HttpStatusCode.NotFound, "not_found");
        var untouched = await window.Get($"/api/v1/cases/{caseId}");
        Assert.Null(untouched["rating"]);
        Assert.DoesNotContain(untouched["timeline"]!.AsArray(), t => (string?)t!["type"] == "rated");

        var response = await anonymous.Post($"/api/v1/track/{token}/rating", new { score = 4, comment = "办理很快" });
        var rated = await response.Json(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/track/{token}", response.Headers.Location?.OriginalString);
        Assert.Equal((4, "办理很快", false), ((int)rated["rating"]!["score"]!, (string?)rated["rating"]!["comment"], (bool)rated["rateable"]!));
        // The next read of the link sees it at once (the cached view is forgotten).
        Assert.Equal(4, (int)(await anonymous.Get($"/api/v1/track/{token}"))["rating"]!["score"]!);

        await (await anonymous.Post($"/api/v1/track/{token}/rating", new { score = 1, comment = "再评一次" })).Problem(HttpStatusCode.Conflict, "conflict");
        var staff = await window.Get($"/api/v1/cases/{caseId}");
        Assert.Equal((4, false), ((int)staff["rating"]!["score"]!, (bool)staff["rating"]!["followUpRequired"]!));
        Assert.Single(staff["timeline"]!.AsArray(), t => (string?)t!["type"] == "rated" && (string?)t["detail"] == "4");
    }

    [Fact]
    public async Task APoorRatingIsListedForTheCentreUntilTheWindowAnswersItAndTheFiguresCountIt()
    {
        var window = await app.SignIn("window");
        var manager = await app.SignIn("manager");
        var anonymous = app.CreateClient();
        var (caseId, token, roomId) = await Consulting(window);
        await Decide(window, roomId);
        var from = DateTimeOffset.UtcNow.AddDays(-2);
        var before = await Figures(manager, from, 0);

        await (await anonymous.Post($"/api/v1/track/{token}/rating", new { score = 2, comment = "窗口让我跑了两趟" })).Json(HttpStatusCode.Created);

        var line = await Eventually(async () => (await manager.Get("/api/v1/ratings/follow-ups"))["items"]!.AsArray().FirstOrDefault(f => (string?)f!["caseId"] == caseId), l => l is not null);
        Assert.Equal((2, "窗口让我跑了两趟", "window"), ((int)line!["score"]!, (string?)line["comment"], (string?)line["convener"]));
        Assert.True((bool)(await manager.Get($"/api/v1/cases/{caseId}"))["rating"]!["followUpRequired"]!);

        await (await (await app.SignIn("road-admin")).Post($"/api/v1/cases/{caseId}/rating/follow-up", new { answer = "已回访" })).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await window.Post($"/api/v1/cases/{caseId}/rating/follow-up", new { answer = " " })).Problem(HttpStatusCode.BadRequest, "invalid_input");
        await (await window.Post($"/api/v1/cases/{caseId}/rating/follow-up", new { })).Problem(HttpStatusCode.BadRequest, "invalid_input");
        var answered = await (await window.Post($"/api/v1/cases/{caseId}/rating/follow-up", new { answer = "已电话回访，材料清单已改为一次性告知" })).Json(HttpStatusCode.OK);
        Assert.Equal(("已电话回访，材料清单已改为一次性告知", "window"), ((string?)answered["answer"], (string?)answered["answeredBy"]));
        await (await manager.Post($"/api/v1/cases/{caseId}/rating/follow-up", new { answer = "再答一次" })).Problem(HttpStatusCode.Conflict, "conflict");
        await Eventually(async () => (await manager.Get("/api/v1/ratings/follow-ups"))["items"]!.AsArray().Any(f => (string?)f!["caseId"] == caseId), listed => !listed);

        // The applicant is told what was done, without who did it.
        var tracked = await anonymous.Get($"/api/v1/track/{token}");
        Assert.Equal("已电话回访，材料清单已改为一次性告知", (string?)tracked["rating"]!["answer"]);
        Assert.Null(tracked["rating"]!["answeredBy"]);

        var attempt = 1;
        var after = await Eventually(() => Figures(manager, from, attempt++), f => (int)f["count"]! == (int)before["count"]! + 1);
        Assert.Equal((int)before["poor"]! + 1, (int)after["poor"]!);
        Assert.Equal((int)before["countByScore"]![1]! + 1, (int)after["countByScore"]![1]!);
        Assert.Equal(Group(before, "matters", "highway-occupation") + 1, Group(after, "matters", "highway-occupation"));
        Assert.Equal(Group(before, "conveners", "window") + 1, Group(after, "conveners", "window"));
        Assert.Equal(Group(before, "departments", "road-admin") + 1, Group(after, "departments", "road-admin"));
    }

    /// <summary>The figures' ratings; each read a period of its own end (the figures are cached by period).</summary>
    private static async Task<JsonNode> Figures(HttpClient manager, DateTimeOffset from, int attempt)
    {
        var to = DateTimeOffset.UtcNow.AddDays(1).AddSeconds(attempt);
        var figures = await manager.Get($"/api/v1/metrics/decisions?from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(to.ToString("O", CultureInfo.InvariantCulture))}");
        return figures["ratings"]!;
    }

    private static int Group(JsonNode ratings, string by, string key) =>
        ratings[by]!.AsArray().Where(g => (string?)g!["key"] == key).Select(g => (int)g!["count"]!).FirstOrDefault();

    private static async Task<(string CaseId, string Token, string RoomId)> Consulting(HttpClient window)
    {
        var created = await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created);
        var caseId = (string)created["caseId"]!;
        var roomId = (string)(await (await window.Post($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "road-admin" } })).Json(HttpStatusCode.Created))["roomId"]!;
        return (caseId, (string)created["trackingToken"]!, roomId);
    }

    private async Task Decide(HttpClient window, string roomId)
    {
        await (await (await app.SignIn("road-admin")).Post($"/api/v1/consultations/{roomId}/decisions", Contract.Decision("road-admin", "approve"))).Json(HttpStatusCode.OK);
        await (await window.Post($"/api/v1/consultations/{roomId}/close", new { statement = "同意" })).Json(HttpStatusCode.OK);
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
