using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Consult.Common;
using Consult.Server.Hosting;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;

namespace Consult.Server.Caching;

/// <summary>
/// Answers read far more often than what they show changes (the applicant's public view, the
/// manager figures, the catalogue) from <see cref="IDistributedCache"/>: Redis in Cluster mode,
/// memory in Embedded mode. Entries expire after a short time and are never invalidated, so a
/// cached answer lags a change by at most its <c>Consult:Cache:*Seconds</c>. The answer is cached
/// as the JSON the client receives. The cache is a shortcut only: when it fails, the grains answer.
/// </summary>
public sealed partial class CachedReads(IDistributedCache cache, IOptions<ConsultOptions> options, ILogger<CachedReads> logger)
{
    public const string JsonContentType = "application/json; charset=utf-8";

    private CacheOptions Ttl => options.Value.Cache;

    /// <summary>
    /// The token is a secret: the key holds its hash. A link that leads nowhere is remembered as
    /// such too, so guessing the same link again costs no grain call.
    /// </summary>
    public async Task<byte[]> PublicView(string token, Func<Task<object>> read)
    {
        var answer = await GetOrRead(PublicViewKey(token), Ttl.PublicViewSeconds, async () =>
        {
            try
            {
                return await read();
            }
            catch (ConsultException e) when (e.Code == ErrorCodes.NotFound)
            {
                return NoCase;
            }
        });
        return answer.AsSpan().SequenceEqual(NoCaseJson) ? throw ConsultException.NotFound("No case for this link.") : answer;
    }

    /// <summary>After the applicant changed the case through the link: the next read sees it at once.</summary>
    public Task ForgetPublicView(string token) => Forget(PublicViewKey(token), "track");

    /// <summary>After an administrator changed the catalogue's departments: the next read sees it at once (on every node, the cache being shared).</summary>
    public Task ForgetDepartments() => Forget("catalog:departments", "catalog");

    /// <summary>After an administrator saved a matter: the next read of the catalogue's matters sees it at once.</summary>
    public Task ForgetMatters() => Forget("catalog:matters", "catalog");

    private async Task Forget(string key, string part)
    {
        try
        {
            await cache.RemoveAsync(key);
        }
        catch (Exception e)
        {
            LogCacheFailed(logger, e, part);
        }
    }

    private static string PublicViewKey(string token) => $"track:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))}";

    private static readonly object NoCase = new { noCase = true };
    private static readonly byte[] NoCaseJson = JsonSerializer.SerializeToUtf8Bytes(NoCase, NoCase.GetType(), ConsultJson.Options);

    public Task<byte[]> Metrics(DateTimeOffset? from, DateTimeOffset? to, Func<Task<object>> read) =>
        GetOrRead($"metrics:{from?.UtcDateTime:O}|{to?.UtcDateTime:O}", Ttl.MetricsSeconds, read);

    public Task<byte[]> Catalog(string part, Func<Task<object>> read) =>
        GetOrRead($"catalog:{part}", Ttl.CatalogSeconds, read);

    private async Task<byte[]> GetOrRead(string key, double seconds, Func<Task<object>> read)
    {
        try
        {
            if (await cache.GetAsync(key) is { } cached)
                return cached;
        }
        catch (Exception e)
        {
            LogCacheFailed(logger, e, key);
        }

        var value = await read();
        var json = JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), ConsultJson.Options);
        try
        {
            await cache.SetAsync(key, json, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(seconds) });
        }
        catch (Exception e)
        {
            LogCacheFailed(logger, e, key);
        }

        return json;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cache failed for {Key}; answering from the grains")]
    private static partial void LogCacheFailed(ILogger logger, Exception exception, string key);
}
