using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Consult.Common;

namespace Consult.Server.Tests.Fixtures;

/// <summary>Small helpers that keep the tests about the contract, not about HttpClient.</summary>
public static class Contract
{
    public static Task<HttpResponseMessage> Post(this HttpClient client, string path, object? body) =>
        client.PostAsJsonAsync(path, body, ConsultJson.Options);

    public static async Task<JsonNode> Json(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Asserts an RFC 9457 problem with the contract's code, and returns it.</summary>
    public static async Task<JsonNode> Problem(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} {code}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(code, (string?)problem["code"]);
        Assert.Equal((int)status, (int?)problem["status"]);
        return problem;
    }

    public static async Task<JsonNode> Get(this HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await client.GetAsync(path)).Json(expected);

    public static object Decision(string department, string outcome, string? comment = null, string[]? conditions = null, string? key = null) =>
        new { department, outcome, comment, conditions, idempotencyKey = key ?? Guid.NewGuid().ToString("N") };

    public static object NewCase(string matter = "highway-occupation") => new
    {
        matterCode = matter,
        applicant = new { name = "王五", phone = "13912345678", organization = "县供电公司", idNumber = (string?)null },
        summary = "电力管线改造需占道施工",
    };

    public static string Text(this JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
