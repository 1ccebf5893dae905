using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Consult.Client;
using Consult.Common;
using Consult.Realtime;
using Consult.Rooms;
using Consult.Server.Realtime;
using Consult.Server.Tests.Fixtures;
using Consult.Users;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Consult.Server.Tests.Hardening;

/// <summary>Sessions end: expired tokens, disabled accounts and signed-out cookies stop working, on REST and on open hub connections.</summary>
public sealed partial class SessionTests : IAsyncLifetime
{
    private LiveNode _node = null!;

    public Task InitializeAsync()
    {
        _node = LiveNode.Temporary("consult-sessions", new()
        {
            ["Consult:Tokens:LifetimeSeconds"] = "8",
            ["Consult:Hub:SessionCheckSeconds"] = "1",
            ["Consult:RateLimits:LockoutFailures"] = "5",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task AHubConnectionIsClosedWithinTenSecondsOfItsTokenExpiringAndReceivesNothingAfter()
    {
        var roomId = await OpenRoom();
        var token = await _node.Token("road-admin");
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(8);
        await using var connection = ConsultHub.Connect(_node.Address, () => Task.FromResult<string?>(token));
        var received = new ConcurrentQueue<RoomEvent>();
        connection.On<RoomEvent>(HubContract.RoomEvent, e => received.Enqueue(e));
        var dropped = Dropped(connection);
        await connection.StartAsync();
        await connection.InvokeAsync<RoomSnapshot>(HubContract.JoinRoom, roomId);

        await dropped.WaitAsync(TimeSpan.FromSeconds(25));
        Assert.True(DateTimeOffset.UtcNow - expiresAt < TimeSpan.FromSeconds(10), $"closed {DateTimeOffset.UtcNow - expiresAt} after expiry");
        await AssertNothingMoreArrives(received, roomId);
    }

    [Fact]
    public async Task TheConnectionsOfAnAccountDisabledOnAnotherNodeAreClosedWithinTenSecondsAndReceiveNothingAfter()
    {
        var userName = await NewRepresentative();
        var roomId = await OpenRoom();
        var token = await Token(userName, "temporary-pass");
        var connections = new List<HubConnection>();
        var received = new ConcurrentQueue<RoomEvent>();
        var drops = new List<Task>();
        for (var i = 0; i < 2; i++)
        {
            var connection = ConsultHub.Connect(_node.Address, () => Task.FromResult<string?>(token));
            connection.On<RoomEvent>(HubContract.RoomEvent, e => received.Enqueue(e));
            drops.Add(Dropped(connection));
            await connection.StartAsync();
            await connection.InvokeAsync<RoomSnapshot>(HubContract.JoinRoom, roomId);
            connections.Add(connection);
        }

        // Disabled straight on the grain, as another node would: only this node's sweep can notice.
        var started = Stopwatch.StartNew();
        await _node.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(userName).Disable();
        await Task.WhenAll(drops).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10));
        await AssertNothingMoreArrives(received, roomId);
        foreach (var connection in connections)
            await connection.DisposeAsync();
    }

    [Fact]
    public async Task ADisabledAccountGetsNoToken()
    {
        var userName = await NewRepresentative();
        using var admin = await _node.Http("admin");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/admin/users/{userName}/disable", null)).StatusCode);
        using var anonymous = new HttpClient { BaseAddress = _node.Address };
        await (await anonymous.Post("/api/v1/auth/token", new { userName, password = "temporary-pass" })).Problem(HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
    }

    [Fact]
    public async Task ACookieReplayedAfterSignOutIsRefused()
    {
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = _node.Address };
        var login = await browser.GetStringAsync("/login");
        var antiforgery = AntiforgeryField().Match(login).Groups[1].Value;
        var signIn = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = "window",
            ["password"] = LiveNode.Password,
            ["__RequestVerificationToken"] = antiforgery,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = cookies.GetCookies(_node.Address)["consult.auth"]!.Value;
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/auth/me")).StatusCode);

        var signOut = await browser.PostAsync("/account/logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        using var replay = new HttpClient { BaseAddress = _node.Address };
        replay.DefaultRequestHeaders.Add("Cookie", $"consult.auth={cookie}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task RepeatedFailuresLockAUserNameWithRetryAfterWhetherItExistsOrNot()
    {
        var userName = await NewRepresentative();
        using var client = new HttpClient { BaseAddress = _node.Address };
        foreach (var name in new[] { userName, "nobody-" + Guid.NewGuid().ToString("N")[..8] })
        {
            for (var i = 0; i < 4; i++)
                Assert.Equal(HttpStatusCode.Unauthorized, (await client.Post("/api/v1/auth/token", new { userName = name, password = "wrong-" + i })).StatusCode);
            var locked = await client.Post("/api/v1/auth/token", new { userName = name, password = "wrong-5" });
            await locked.Problem(HttpStatusCode.TooManyRequests, ErrorCodes.RateLimited);
            Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        }

        // Even the right password waits for the lock to end.
        var right = await client.Post("/api/v1/auth/token", new { userName, password = "temporary-pass" });
        await right.Problem(HttpStatusCode.TooManyRequests, ErrorCodes.RateLimited);
        // Other accounts are not affected.
        Assert.Equal(HttpStatusCode.OK, (await client.Post("/api/v1/auth/token", new { userName = "window", password = LiveNode.Password })).StatusCode);
    }

    [Fact]
    public async Task ADisposedRoomSessionNeverRejoinsAfterAReconnect()
    {
        var roomId = await OpenRoom();
        await using var connection = ConsultHub.Connect(_node.Address, async () => await _node.Token("road-admin"));
        await connection.StartAsync();
        var before = ReconnectedHandlers(connection);
        var session = await RoomSession.Join(connection, roomId, _ => Task.CompletedTask);
        Assert.Equal(before + 1, ReconnectedHandlers(connection));

        await session.DisposeAsync();
        // Nothing is left for a reconnect to call, and resuming by hand does not join again either.
        Assert.Equal(before, ReconnectedHandlers(connection));
        var afterDispose = new ConcurrentQueue<RoomEvent>();
        connection.On<RoomEvent>(HubContract.RoomEvent, e => afterDispose.Enqueue(e));
        await session.Resume();
        Assert.False(session.IsListening);
        await AssertNothingMoreArrives(afterDispose, roomId);
    }

    /// <summary>How many handlers the connection's <c>Reconnected</c> event has (SignalR raises it after an automatic reconnect).</summary>
    private static int ReconnectedHandlers(HubConnection connection) =>
        (typeof(HubConnection).GetField(nameof(HubConnection.Reconnected), System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!
            .GetValue(connection) as Delegate)?.GetInvocationList().Length ?? 0;

    private async Task AssertNothingMoreArrives(ConcurrentQueue<RoomEvent> received, Guid roomId)
    {
        var count = received.Count;
        using var window = await _node.Http("window");
        var posted = await (await window.Post($"/api/v1/consultations/{roomId}/messages", new { text = "之后的消息", clientMessageId = Guid.NewGuid().ToString("N") })).Json(HttpStatusCode.OK);
        Assert.NotNull(posted["seq"]);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(count, received.Count);
    }

    private static Task Dropped(HubConnection connection)
    {
        var dropped = new TaskCompletionSource();
        connection.Reconnecting += _ => { dropped.TrySetResult(); return Task.CompletedTask; };
        connection.Closed += _ => { dropped.TrySetResult(); return Task.CompletedTask; };
        return dropped.Task;
    }

    private async Task<string> NewRepresentative()
    {
        using var admin = await _node.Http("admin");
        var userName = "rep-" + Guid.NewGuid().ToString("N")[..8];
        await (await admin.Post("/api/v1/admin/users", new { userName, password = "temporary-pass", role = "department", department = "road-admin" })).Json(HttpStatusCode.Created);
        return userName;
    }

    private async Task<string> Token(string userName, string password)
    {
        using var client = new HttpClient { BaseAddress = _node.Address };
        var response = await client.Post("/api/v1/auth/token", new { userName, password });
        return (string)(await response.Json(HttpStatusCode.OK))["accessToken"]!;
    }

    private async Task<Guid> OpenRoom()
    {
        using var window = await _node.Http("window");
        var caseId = (string)(await (await window.Post("/api/v1/cases", Contract.NewCase())).Json(HttpStatusCode.Created))["caseId"]!;
        var room = await (await window.Post($"/api/v1/cases/{caseId}/consultations", new { departments = new[] { "road-admin" } })).Json(HttpStatusCode.Created);
        return Guid.Parse((string)room["roomId"]!);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
