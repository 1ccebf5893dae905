using System.Net;
using System.Text.Json.Nodes;
using Consult.Cases;
using Consult.Server.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace Consult.Server.Tests.Api;

/// <summary>The <c>Idempotency-Key</c> header on registering a case and opening a consultation.</summary>
[Collection(AppCollection.Name)]
public sealed class IdempotencyApiTests(ConsultApp app)
{
    [Fact]
    public async Task TheSameKeyTwiceRegistersOneCaseWithOneNumber()
    {
        var window = await app.SignIn("window");
        var (body, name) = NewCase();
        var key = Guid.NewGuid().ToString("N");

        var first = await (await PostWithKey(window, "/api/v1/cases", body, key)).Json(HttpStatusCode.Created);
        var second = await (await PostWithKey(window, "/api/v1/cases", body, key)).Json(HttpStatusCode.Created);

        Assert.Equal(first.Text(), second.Text());
        await AssertListedOnce(window, name, (string)first["caseNumber"]!);
    }

    [Fact]
    public async Task TheSameKeySentConcurrentlyRegistersOneCaseWithOneNumber()
    {
        var window = await app.SignIn("window");
        var (body, name) = NewCase();
        var key = Guid.NewGuid().ToString("N");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostWithKey(window, "/api/v1/cases", body, key)));
        var created = await Task.WhenAll(responses.Select(r => r.Json(HttpStatusCode.Created)));

        Assert.Single(created.Select(c => c.Text()).Distinct());
        await AssertListedOnce(window, name, (string)created[0]["caseNumber"]!);
    }

    [Fact]
    public async Task TheSameKeyWithAnotherBodyIsAConflictAndFromAnotherOfficerIsAnotherCase()
    {
        var window = await app.SignIn("window");
        var (body, name) = NewCase();
        var key = Guid.NewGuid().ToString("N");
        var first = await (await PostWithKey(window, "/api/v1/cases", body, key)).Json(HttpStatusCode.Created);

        var (otherBody, _) = NewCase();
        await (await PostWithKey(window, "/api/v1/cases", otherBody, key)).Problem(HttpStatusCode.Conflict, "conflict");
        await AssertListedOnce(window, name, (string)first["caseNumber"]!);

        var colleague = await app.SignIn("window2");
        var theirs = await (await PostWithKey(colleague, "/api/v1/cases", body, key)).Json(HttpStatusCode.Created);
        Assert.NotEqual((string)first["caseId"]!, (string)theirs["caseId"]!);
        Assert.NotEqual((string)first["caseNumber"]!, (string)theirs["caseNumber"]!);
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("tab\tkey")]
    [InlineData("k-129-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public async Task AMalformedKeyIsInvalidInputAndCreatesNothing(string key)
    {
        Assert.True(key.Length > 128 || key.Any(c => c <= ' '));
        var window = await app.SignIn("window");
        var (body, name) = NewCase();
        await (await PostWithKey(window, "/api/v1/cases", body, key)).Problem(HttpStatusCode.BadRequest, "invalid_input");
        Assert.Empty((await window.Get($"/api/v1/cases?q={Uri.EscapeDataString(name)}"))["items"]!.AsArray());

        var caseId = (string)(await (await window.Post("/api/v1/cases", body)).Json(HttpStatusCode.Created))["caseId"]!;
        await (await PostWithKey(window, $"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "road-admin" } }, key))
            .Problem(HttpStatusCode.BadRequest, "invalid_input");
        Assert.Equal("received", (string?)(await window.Get($"/api/v1/cases/{caseId}"))["status"]);
    }

    [Fact]
    public async Task TheSameKeyOpensOneRoomSequentiallyAndConcurrently()
    {
        var window = await app.SignIn("window");
        var open = new { departments = new[] { "road-admin", "traffic-police" } };

        var caseId = await Register(window);
        var key = Guid.NewGuid().ToString("N");
        var first = await (await PostWithKey(window, $"/api/v1/cases/{caseId}/consultations", open, key)).Json(HttpStatusCode.Created);
        var second = await (await PostWithKey(window, $"/api/v1/cases/{caseId}/consultations", open, key)).Json(HttpStatusCode.Created);
        Assert.Equal((string)first["roomId"]!, (string)second["roomId"]!);
        Assert.Equal([(string)first["roomId"]!], (await window.Get($"/api/v1/cases/{caseId}"))["rooms"]!.AsArray().Select(r => (string)r!));
        await (await PostWithKey(window, $"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "housing" } }, key))
            .Problem(HttpStatusCode.Conflict, "conflict");

        var concurrentCase = await Register(window);
        var concurrentKey = Guid.NewGuid().ToString("N");
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostWithKey(window, $"/api/v1/cases/{concurrentCase}/consultations", open, concurrentKey)));
        var rooms = await Task.WhenAll(responses.Select(r => r.Json(HttpStatusCode.Created)));
        var roomId = Assert.Single(rooms.Select(r => (string)r["roomId"]!).Distinct());
        Assert.Equal([roomId], (await window.Get($"/api/v1/cases/{concurrentCase}"))["rooms"]!.AsArray().Select(r => (string)r!));
        var road = await app.SignIn("road-admin");
        Assert.Single((await road.Get("/api/v1/departments/road-admin/invitations")).AsArray(), i => (string?)i!["caseId"] == concurrentCase);
    }

    [Fact]
    public async Task ADayLineWhoseCaseNeverRegisteredIsNotListed()
    {
        var window = await app.SignIn("window");
        var name = "无主" + Guid.NewGuid().ToString("N")[..8];
        var today = app.Services.GetRequiredService<Consult.Hosting.ConsultCalendar>().DayKey(DateTimeOffset.UtcNow);
        // A number taken for a case that stored nothing (it cannot happen through the case; the
        // listing must not trust a pending line whatever its origin).
        await app.Services.GetRequiredService<IGrainFactory>().GetGrain<ICaseDayGrain>(today).Register(
            new CaseSummary(Guid.NewGuid(), "", "school-bus", name, CaseStatus.Received, DateTimeOffset.UtcNow, "window", Pending: true));

        Assert.Empty((await window.Get($"/api/v1/cases?q={Uri.EscapeDataString(name)}"))["items"]!.AsArray());
    }

    private static (object Body, string Name) NewCase()
    {
        var name = "幂等" + Guid.NewGuid().ToString("N")[..8];
        return (new
        {
            matterCode = "school-bus",
            applicant = new { name, phone = "13912345678", organization = "县教育局" },
            summary = "校车使用许可 " + name,
        }, name);
    }

    private static async Task<string> Register(HttpClient client) =>
        (string)(await (await client.Post("/api/v1/cases", NewCase().Body)).Json(HttpStatusCode.Created))["caseId"]!;

    private static Task<HttpResponseMessage> PostWithKey(HttpClient client, string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = System.Net.Http.Json.JsonContent.Create(body, options: Consult.Common.ConsultJson.Options) };
        Assert.True(request.Headers.TryAddWithoutValidation("Idempotency-Key", key));
        return client.SendAsync(request);
    }

    private static async Task AssertListedOnce(HttpClient client, string applicantName, string caseNumber)
    {
        var items = (await client.Get($"/api/v1/cases?q={Uri.EscapeDataString(applicantName)}&pageSize=100"))["items"]!.AsArray();
        var line = Assert.Single(items);
        Assert.Equal(caseNumber, (string?)line!["caseNumber"]);
        Assert.Null(line["pending"]);
    }
}
