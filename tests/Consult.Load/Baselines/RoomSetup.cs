using System.Collections.Immutable;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Consult.Common;
using Consult.Load.Measurement;

namespace Consult.Load.Baselines;

/// <summary>
/// Who is in each room: the convener (window), one representative per invited department, and
/// read-only followers for the rest. Consult's followers sign in as the manager, who may watch
/// every room: an applicant's tracking link receives <c>CaseUpdated</c>, not the room's events.
/// </summary>
public static class RoomSetup
{
    public const string Password = "consult-load";
    public static readonly ImmutableArray<string> Departments = ["road-admin", "traffic-police", "housing"];

    /// <summary>B0: room ids only, nobody signs in.</summary>
    public static IReadOnlyList<RoomPlan> Bare(LoadSettings settings) =>
        [.. Enumerable.Range(0, settings.Rooms).Select(_ => new RoomPlan(Guid.NewGuid(), Members(settings, _ => null)))];

    /// <summary>B1/B2: one token per user, shared by all its connections; cases and rooms created through REST.</summary>
    public static async Task<IReadOnlyList<RoomPlan>> Consult(Uri server, LoadSettings settings, CancellationToken cancellation)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var user in Departments.Prepend("window").Append("manager"))
            tokens[user] = await SignIn(http, user, cancellation);

        var rooms = new RoomPlan[settings.Rooms];
        await Parallel.ForAsync(0, settings.Rooms, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellation }, async (i, ct) =>
        {
            var caseId = await CreateCase(http, tokens["window"], i, ct);
            // The matter's seats: road administration and traffic police required, housing advisory, enforcement copied.
            var roomId = await Post(http, tokens["window"], $"/api/v1/cases/{caseId}/consultations", new { }, "roomId", ct);
            rooms[i] = new RoomPlan(Guid.Parse(roomId), Members(settings, user => tokens[user]));
        });
        return rooms;
    }

    /// <summary>One case, registered through REST by the convener (window); answers its id.</summary>
    public static Task<string> CreateCase(HttpClient http, string windowToken, int number, CancellationToken cancellation) =>
        Post(http, windowToken, "/api/v1/cases", new
        {
            matterCode = "highway-occupation",
            applicant = new { name = $"Load applicant {number}", phone = "13800000000" },
            summary = $"Load benchmark case {number}",
        }, "caseId", cancellation);

    private static ImmutableArray<MemberPlan> Members(LoadSettings settings, Func<string, string?> token) =>
    [
        new MemberPlan("window", null, token("window")),
        .. Departments.Select(d => new MemberPlan(d, d, token(d))),
        .. Enumerable.Range(0, settings.Participants - Departments.Length - 1).Select(_ => new MemberPlan("manager", null, token("manager"))),
    ];

    public static async Task<string> SignIn(HttpClient http, string userName, CancellationToken cancellation)
    {
        var response = await http.PostAsJsonAsync("/api/v1/auth/token", new { userName, password = Password }, cancellation);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonNode>(ConsultJson.Options, cancellation);
        return body!["accessToken"]!.GetValue<string>();
    }

    public static async Task<string> Post(HttpClient http, string token, string path, object body, string field, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: ConsultJson.Options) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellation);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellation)}");
        var answer = await response.Content.ReadFromJsonAsync<JsonNode>(ConsultJson.Options, cancellation);
        return answer![field]!.ToString();
    }
}
