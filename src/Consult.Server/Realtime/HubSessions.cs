using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.SignalR;

namespace Consult.Server.Realtime;

/// <summary>
/// The hub connections of this node by user, with when each one's sign-in expires, so that the
/// node can close the connections of a disabled account, a signed-out session or an expired
/// token (<see cref="HubSessionSweeper"/>), and refuse their calls before that.
/// </summary>
public sealed class HubSessions(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _connections = new(StringComparer.Ordinal);

    public sealed record Entry(HubCallerContext Context, string UserName, string? SessionId, bool ByCookie, DateTimeOffset? ExpiresAt);

    public int Count => _connections.Count;

    public void Add(HubCallerContext context)
    {
        if (context.User?.Identity is not { IsAuthenticated: true, Name: { } name } identity)
            return;
        var authentication = context.GetHttpContext()?.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult;
        _connections[context.ConnectionId] = new Entry(
            context,
            name,
            context.User.FindFirstValue(Auth.ConsultClaims.Session),
            identity.AuthenticationType == Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme,
            authentication?.Properties?.ExpiresUtc);
    }

    public void Remove(string connectionId) => _connections.TryRemove(connectionId, out _);

    /// <summary>Whether the connection's sign-in has expired: its calls are refused at once.</summary>
    public bool IsExpired(string connectionId) =>
        _connections.TryGetValue(connectionId, out var entry) && entry.ExpiresAt is { } expires && expires <= time.GetUtcNow();

    public IReadOnlyCollection<Entry> Snapshot() => [.. _connections.Values];

    /// <summary>Closes every connection of <paramref name="userName"/> on this node; how many.</summary>
    public int Close(string userName)
    {
        var closed = 0;
        foreach (var entry in _connections.Values.Where(e => string.Equals(e.UserName, userName, StringComparison.OrdinalIgnoreCase)))
        {
            Close(entry);
            closed++;
        }

        return closed;
    }

    public void Close(Entry entry)
    {
        _connections.TryRemove(entry.Context.ConnectionId, out _);
        entry.Context.Abort();
    }
}
