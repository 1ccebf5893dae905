using System.Threading.RateLimiting;
using Consult.Common;
using Consult.Server.Api;
using Consult.Server.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Consult.Server.Realtime;

/// <summary>
/// Every hub call: refused at once when the caller's sign-in has expired; a token bucket per
/// connection and one per user across their connections (anonymous callers per address), so five
/// connections do not buy five times the calls; domain refusals turned into <c>HubException</c>s
/// whose message starts with the contract's code, logged at Information without a stack trace.
/// </summary>
/// <remarks>
/// The per-connection buckets refill on use, not on a timer: a bucket without auto-replenishment
/// adds the tokens due for the time elapsed since its last refill whenever it is asked to. An
/// auto-replenishing bucket owns a timer, and 2,500 connections' timers firing every second were
/// 4 % of the server's CPU at 500 decisions/s (<c>docs/benchmarks.md</c>). The per-user buckets
/// live in one partitioned limiter, which refills them from a single timer.
/// </remarks>
public sealed partial class ConsultHubFilter : IHubFilter, IDisposable
{
    public const string RateLimited = ErrorCodes.RateLimited;
    private static readonly object LimiterKey = new();
    private static readonly object PartitionKey = new();
    private readonly IOptions<ConsultOptions> _options;
    private readonly HubSessions _sessions;
    private readonly Consult.Telemetry.ConsultMetrics _metrics;
    private readonly ILogger<ConsultHubFilter> _logger;
    private readonly PartitionedRateLimiter<HubCallerContext> _perUser;

    public ConsultHubFilter(IOptions<ConsultOptions> options, HubSessions sessions, Consult.Telemetry.ConsultMetrics metrics, ILogger<ConsultHubFilter> logger)
    {
        _options = options;
        _sessions = sessions;
        _metrics = metrics;
        _logger = logger;
        var hub = options.Value.Hub;
        var anonymousPerMinute = options.Value.RateLimits.AnonymousPerMinute;
        // A connection's user does not change: its partition (a key and a factory) is made once and
        // kept with the connection, not made again on every call.
        _perUser = PartitionedRateLimiter.Create<HubCallerContext, string>(context =>
            context.Items.TryGetValue(PartitionKey, out var kept) && kept is RateLimitPartition<string> partition
                ? partition
                : (RateLimitPartition<string>)(context.Items[PartitionKey] = UserPartition(context, hub, anonymousPerMinute)));
    }

    private static RateLimitPartition<string> UserPartition(HubCallerContext context, RealtimeOptions hub, int anonymousPerMinute) =>
        context.User?.Identity is { IsAuthenticated: true, Name: { } name }
            ? RateLimitPartition.GetTokenBucketLimiter("user:" + name, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = hub.UserBurst,
                TokensPerPeriod = hub.UserCallsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = false,
            })
            : RateLimitPartition.GetFixedWindowLimiter(
                "anonymous:" + (context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString() ?? "local"),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = anonymousPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var context = invocationContext.Context;
        var method = invocationContext.HubMethodName;
        if (_sessions.IsExpired(context.ConnectionId))
        {
            LogRefused(_logger, method, ErrorCodes.Unauthorized, "the sign-in expired");
            throw new HubException($"{ErrorCodes.Unauthorized}: your sign-in has expired; sign in again.");
        }

        if (context.Items[LimiterKey] is ReplenishingRateLimiter limiter)
        {
            limiter.TryReplenish();
            using var lease = limiter.AttemptAcquire();
            if (!lease.IsAcquired)
                throw Refused(method, RateLimited, $"at most {_options.Value.Hub.CallsPerSecond} calls per second per connection.");
        }

        using (var userLease = _perUser.AttemptAcquire(context))
        {
            if (!userLease.IsAcquired)
                throw Refused(method, RateLimited, $"at most {_options.Value.Hub.UserCallsPerSecond} calls per second per user across connections.");
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            return await next(invocationContext);
        }
        catch (ConsultException e)
        {
            throw Refused(method, e.Code, e.Message);
        }
        catch (Exception e) when (Unavailability.Is(e))
        {
            LogUnavailable(_logger, method, Unavailability.Describe(e));
            throw new HubException($"{ErrorCodes.Unavailable}: {Unavailability.Describe(e)}");
        }
        catch (HubException e)
        {
            LogRefused(_logger, method, "hub", e.Message);
            throw;
        }
        catch (Exception e)
        {
            // SignalR's own log of failed calls is turned down (every refusal would be an Error
            // with a stack trace); what nobody expected is logged here, with its stack.
            LogFailed(_logger, e, method);
            throw;
        }
        finally
        {
            _metrics.HubCalled(method, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }

    private HubException Refused(string method, string code, string message)
    {
        LogRefused(_logger, method, code, message);
        return new HubException($"{code}: {message}");
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var hub = _options.Value.Hub;
        context.Context.Items[LimiterKey] = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = hub.Burst,
            TokensPerPeriod = hub.CallsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = false,
        });
        _sessions.Add(context.Context);
        await next(context);
        // Counted once connected: SignalR calls no OnDisconnectedAsync for a connection whose OnConnectedAsync failed.
        _metrics.HubConnected();
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            _metrics.HubDisconnected();
            _sessions.Remove(context.Context.ConnectionId);
            if (context.Context.Items[LimiterKey] is RateLimiter limiter)
                await limiter.DisposeAsync();
        }
    }

    public void Dispose() => _perUser.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Hub call {Method} refused: {Code} {Detail}")]
    private static partial void LogRefused(ILogger logger, string method, string code, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hub call {Method} could not complete: {Detail}")]
    private static partial void LogUnavailable(ILogger logger, string method, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Hub call {Method} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method);
}
