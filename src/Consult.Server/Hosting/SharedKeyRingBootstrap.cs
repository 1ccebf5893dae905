using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Consult.Server.Hosting;

/// <summary>
/// Cluster mode: makes sure the key ring in Redis holds a usable key before this node signs
/// anything. Nodes that start together and each found no key would each create one and, for a
/// while, refuse each other's tokens; a Redis lock lets exactly one of them create it.
/// </summary>
public sealed partial class SharedKeyRingBootstrap(
    RedisConnection redis,
    IKeyManager keys,
    IOptions<ConsultOptions> options,
    TimeProvider time,
    ILogger<SharedKeyRingBootstrap> logger) : IHostedService
{
    private static readonly TimeSpan LockTime = TimeSpan.FromSeconds(30);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var database = (await redis.Connect()).GetDatabase();
        RedisKey lockKey = $"{options.Value.Cluster.ServiceId}/data-protection-keys/lock";
        var holder = Guid.NewGuid().ToString("N");
        var giveUp = time.GetUtcNow() + LockTime;
        while (!await database.LockTakeAsync(lockKey, holder, LockTime))
        {
            if (time.GetUtcNow() > giveUp)
                throw new InvalidOperationException($"Could not take the data-protection key lock '{lockKey}' in Redis within {LockTime.TotalSeconds} s.");
            await Task.Delay(200, cancellationToken);
        }

        try
        {
            // The key store's commands are synchronous and give up after Redis' syncTimeout: one that
            // times out while the node starts (Redis or this node busy for a moment) is tried again
            // while the lock is held, instead of failing the node's start. A key whose write timed
            // out but landed is found by the check, so no second one is made.
            var until = time.GetUtcNow() + LockTime / 2;
            while (true)
            {
                try
                {
                    EnsureUsableKey();
                    break;
                }
                catch (Exception e) when (e is RedisTimeoutException or RedisConnectionException && time.GetUtcNow() < until)
                {
                    LogKeyRingRetry(logger, e);
                    await Task.Delay(500, cancellationToken);
                }
            }
        }
        finally
        {
            await database.LockReleaseAsync(lockKey, holder);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void EnsureUsableKey()
    {
        var now = time.GetUtcNow();
        if (keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now))
            return;
        // The default key lifetime; later keys are created ahead of time by the key manager itself.
        keys.CreateNewKey(now, now.AddDays(90));
        LogKeyCreated(logger);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis did not answer the data-protection key store in time; trying again")]
    private static partial void LogKeyRingRetry(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the cluster's first data-protection key in Redis")]
    private static partial void LogKeyCreated(ILogger logger);
}
