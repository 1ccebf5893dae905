using Orleans.Clustering.Redis;
using Orleans.Persistence.Redis;
using StackExchange.Redis;

namespace Consult.Server.Api;

/// <summary>
/// Failures that mean "not now" rather than "no": the store (Redis, in Cluster mode) did not
/// answer in time, or the node holding a grain has just died. The caller gets <c>503
/// unavailable</c>, never a success, and may retry; the command may or may not have been recorded,
/// which is what idempotency keys are for.
/// </summary>
public static class Unavailability
{
    public const int RetryAfterSeconds = 2;

    public static bool Is(Exception exception) => Causes(exception).Any(IsTransient);

    public static string Describe(Exception exception)
    {
        var cause = Causes(exception).FirstOrDefault(IsTransient) ?? exception;
        var what = cause is RedisStorageException or RedisClusteringException or RedisException or RedisTimeoutException
            ? "The store (Redis) did not answer in time"
            : "A node of the cluster did not answer in time";
        return $"{what}; the command may not have been recorded. Retry it (a decision with the same idempotencyKey).";
    }

    private static bool IsTransient(Exception e) => e
        is RedisStorageException or RedisClusteringException or RedisException or TimeoutException
        or SiloUnavailableException or OrleansMessageRejectionException;

    private static IEnumerable<Exception> Causes(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        var depth = 0;
        while (pending.TryPop(out var e) && depth++ < 16)
        {
            yield return e;
            if (e is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions)
                    pending.Push(inner);
            else if (e.InnerException is { } inner)
                pending.Push(inner);
        }
    }
}
