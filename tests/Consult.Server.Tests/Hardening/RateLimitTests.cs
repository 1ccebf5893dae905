using System.Net;
using Consult.Common;
using Consult.Realtime;
using Consult.Rooms;
using Consult.Server.Tests.Fixtures;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Consult.Server.Tests.Hardening;

/// <summary>ASP.NET Core's rate limiter on REST and the hub's per-user limit, with low limits set for the test.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private LiveNode _node = null!;

    public Task InitializeAsync()
    {
        _node = LiveNode.Temporary("consult-limits", new()
        {
            ["Consult:RateLimits:WritesPerSecond"] = "2",
            ["Consult:RateLimits:WriteBurst"] = "4",
            ["Consult:RateLimits:AnonymousPerMinute"] = "5",
            ["Consult:RateLimits:SupplementUploadsPerMinute"] = "2",
            ["Consult:Hub:CallsPerSecond"] = "100",
            ["Consult:Hub:Burst"] = "100",
            ["Consult:Hub:UserCallsPerSecond"] = "3",
            ["Consult:Hub:UserBurst"] = "6",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task RestWritesAreLimitedPerUserWithRateLimitedAndRetryAfter()
    {
        using var window = await _node.Http("window");
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 12; i++)
        {
            var response = await window.Post("/api/v1/cases", Contract.NewCase());
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                refused ??= response;
        }

        Assert.Contains(HttpStatusCode.Created, statuses);
        Assert.NotNull(refused);
        await refused.Problem(HttpStatusCode.TooManyRequests, ErrorCodes.RateLimited);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        // Another user is not held back by the first one's bucket, and reads are not limited.
        using var window2 = await _node.Http("window2");
        Assert.Equal(HttpStatusCode.Created, (await window2.Post("/api/v1/cases", Contract.NewCase())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await window.GetAsync("/api/v1/cases")).StatusCode);
    }

    [Fact]
    public async Task AnonymousTrackingLookupsAreLimitedPerAddress()
    {
        using var anonymous = new HttpClient { BaseAddress = _node.Address };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
            statuses.Add((await anonymous.GetAsync("/api/v1/track/" + new string((char)('A' + i), 32))).StatusCode);

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.NotFound));
        var refused = await anonymous.GetAsync("/api/v1/track/" + new string('Z', 32));
        await refused.Problem(HttpStatusCode.TooManyRequests, ErrorCodes.RateLimited);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [Fact]
    public async Task TheApplicantsUploadsAreLimitedPerAddressBelowTheLinksReads()
    {
        using var anonymous = new HttpClient { BaseAddress = _node.Address };
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 3; i++)
        {
            var file = new ByteArrayContent([1, 2, 3]);
            file.Headers.ContentType = new("application/pdf");
            var response = await anonymous.PostAsync($"/api/v1/track/{new string('Q', 32)}/materials", new MultipartFormDataContent { { file, "file", "申请书.pdf" } });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                refused ??= response;
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
        await refused!.Problem(HttpStatusCode.TooManyRequests, ErrorCodes.RateLimited);
        Assert.NotNull(refused!.Headers.RetryAfter);
        // Reading the link is limited on its own, higher budget.
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/v1/track/" + new string('Q', 32))).StatusCode);
    }

    [Fact]
    public async Task HubCallsAreLimitedPerUserAcrossConnections()
    {
        var connections = new List<HubConnection>();
        for (var i = 0; i < 3; i++)
            connections.Add(await _node.Hub("road-admin"));
        var codes = new List<string>();
        foreach (var connection in connections)
        {
            for (var i = 0; i < 4; i++)
            {
                try
                {
                    await connection.InvokeAsync<RoomSnapshot>(HubContract.JoinRoom, Guid.NewGuid());
                    codes.Add("ok");
                }
                catch (HubException e)
                {
                    codes.Add(HubContract.CodeOf(e.Message));
                }
            }
        }

        // Each connection stays far below its own limit (100/s); together they pass the user's 6.
        Assert.Contains(ErrorCodes.NotFound, codes);
        Assert.Contains(ErrorCodes.RateLimited, codes);
        Assert.True(codes.Count(c => c == ErrorCodes.NotFound) <= 8, string.Join(",", codes));
        foreach (var connection in connections)
            await connection.DisposeAsync();
    }
}
