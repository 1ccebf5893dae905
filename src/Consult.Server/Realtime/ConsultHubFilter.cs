using System.Threading.RateLimiting;
using Consult.Common;
using Consult.Server.Api;
using Consult.Server.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Consult.Server.Realtime;

/// <summary>
/// Every hub call: a token bucket per connection (<c>rate_limited</c> when empty), and domain
/// refusals turned into <c>HubException</c>s whose message starts with the contract's code.
/// </summary>
/// <remarks>
/// The buckets refill on use, not on a timer: a bucket without auto-replenishment adds the tokens
/// due for the time elapsed since its last refill whenever it is asked to. An auto-replenishing
/// bucket owns a timer, and 2,500 connections' timers firing every second were 4 % of the
/// server's CPU at 500 decisions/s (<c>docs/benchmarks.md</c>).
/// </remarks>
public sealed class ConsultHubFilter(IOptions<ConsultOptions> options) : IHubFilter
{
    public const string RateLimited = "rate_limited";
    private static readonly object LimiterKey = new();

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocationContext.Context.Items[LimiterKey] is ReplenishingRateLimiter limiter)
        {
            limiter.TryReplenish();
            using var lease = limiter.AttemptAcquire();
            if (!lease.IsAcquired)
                throw new HubException($"{RateLimited}: at most {options.Value.Hub.CallsPerSecond} calls per second per connection.");
        }

        try
        {
            return await next(invocationContext);
        }
        catch (ConsultException e)
        {
            throw new HubException($"{e.Code}: {e.Message}");
        }
        catch (Exception e) when (Unavailability.Is(e))
        {
            throw new HubException($"{ErrorCodes.Unavailable}: {Unavailability.Describe(e)}");
        }
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var hub = options.Value.Hub;
        context.Context.Items[LimiterKey] = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = hub.Burst,
            TokensPerPeriod = hub.CallsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = false,
        });
        await next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            if (context.Context.Items[LimiterKey] is RateLimiter limiter)
                await limiter.DisposeAsync();
        }
    }
}
