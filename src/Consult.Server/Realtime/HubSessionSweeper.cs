using Consult.Server.Auth;
using Consult.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Consult.Server.Realtime;

/// <summary>
/// Every <see cref="RealtimeOptions.SessionCheckSeconds"/>, closes this node's hub connections
/// whose token or cookie expired, whose account was disabled (on any node) or whose UI session was
/// signed out. Connection hygiene of one node, not a domain deadline: it lives and dies with the
/// node, as the connections do.
/// </summary>
public sealed partial class HubSessionSweeper(
    HubSessions sessions,
    UserService users,
    IOptions<ConsultOptions> options,
    TimeProvider time,
    ILogger<HubSessionSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.Hub.SessionCheckSeconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await Sweep();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSweepFailed(logger, e);
            }
        }
    }

    /// <summary>One pass; the number of connections closed.</summary>
    public async Task<int> Sweep()
    {
        var now = time.GetUtcNow();
        var closed = 0;
        foreach (var byUser in sessions.Snapshot().GroupBy(e => e.UserName, StringComparer.OrdinalIgnoreCase))
        {
            var user = await users.Find(byUser.Key);
            foreach (var entry in byUser)
            {
                var reason = entry.ExpiresAt <= now ? "expired"
                    : user is null || user.IsBlocked ? "disabled"
                    : entry.ByCookie && user.IsRevoked(entry.SessionId) ? "signed out"
                    : null;
                if (reason is null)
                    continue;
                sessions.Close(entry);
                LogClosed(logger, entry.Context.ConnectionId, entry.UserName, reason);
                closed++;
            }
        }

        return closed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed hub connection {ConnectionId} of {UserName}: sign-in {Reason}")]
    private static partial void LogClosed(ILogger logger, string connectionId, string userName, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking hub connections for ended sign-ins failed; trying again on the next pass")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
