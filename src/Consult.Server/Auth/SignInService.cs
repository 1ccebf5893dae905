using System.Globalization;
using Consult.Server.Hosting;
using Consult.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;

namespace Consult.Server.Auth;

/// <summary>
/// Sign-in for the token route and the UI's form alike: a wrong password, an unknown user and a
/// disabled account fail the same way and take the same time (the unknown user's password is
/// checked against a decoy hash), and a user name that failed
/// <see cref="RateLimitOptions.LockoutFailures"/> times is locked for a while, existing or not
/// (so the lock tells nothing either).
/// </summary>
/// <remarks>
/// The decoy hash alone does not make the times equal: an unknown name also costs a fresh user
/// grain activation and a storage read that an active account does not (16 ms of 64 under CI
/// load). So a failed sign-in answers no sooner than <see cref="FailureFloor"/> after it began,
/// wall-clock time, whatever path it took.
/// </remarks>
/// <remarks>
/// Failures are counted in <see cref="IDistributedCache"/>: Redis in Cluster mode, so every node
/// sees them; memory in Embedded mode, where a restart forgets them. The count is approximate under
/// concurrent attempts, which is good enough for a lock meant to slow guessing.
/// </remarks>
public sealed partial class SignInService(
    UserService users,
    IPasswordHasher<UserRecord> hasher,
    IDistributedCache cache,
    IOptions<ConsultOptions> options,
    TimeProvider time,
    ILogger<SignInService> logger)
{
    private static readonly UserRecord Decoy = new("decoy", "decoy", "", null, "");
    private readonly Lazy<string> _decoyHash = new(() => hasher.HashPassword(Decoy, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))));

    /// <summary>The least time a failed sign-in takes; well above the slowest failing path (hash, activation, read) on a loaded node.</summary>
    public static readonly TimeSpan FailureFloor = TimeSpan.FromMilliseconds(300);

    public async Task<SignInResult> SignIn(string? userName, string? password)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await Attempt(userName, password);
        if (result.User is null)
        {
            var left = FailureFloor - System.Diagnostics.Stopwatch.GetElapsedTime(started);
            if (left > TimeSpan.Zero)
                await Task.Delay(left);
        }

        return result;
    }

    private async Task<SignInResult> Attempt(string? userName, string? password)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password) || userName.Length > UserNames.MaxLength || password.Length > 256)
            return SignInResult.Failed;
        var key = UserNames.Key(userName);
        var limits = options.Value.RateLimits;
        var now = time.GetUtcNow();
        var record = await ReadFailures(key);
        if (record.LockedUntil > now)
            return SignInResult.Locked(record.LockedUntil - now);

        var user = await users.Find(key, fresh: true);
        var verified = user is { Disabled: false }
            ? hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed
            : Verify(password);
        if (verified)
        {
            if (record.Count > 0)
                await Forget(key);
            return SignInResult.Success(user!);
        }

        var window = TimeSpan.FromMinutes(limits.LockoutMinutes);
        var count = record.Since + window > now ? record.Count + 1 : 1;
        var since = count == 1 ? now : record.Since;
        var lockedUntil = count >= limits.LockoutFailures ? now + window : DateTimeOffset.MinValue;
        await WriteFailures(key, new Failures(count, since, lockedUntil), window * 2);
        if (lockedUntil > now)
        {
            LogLocked(logger, key, count, limits.LockoutMinutes);
            return SignInResult.Locked(window);
        }

        return SignInResult.Failed;
    }

    /// <summary>The work a real check does, for a user that does not exist or may not sign in.</summary>
    private bool Verify(string password)
    {
        hasher.VerifyHashedPassword(Decoy, _decoyHash.Value, password);
        return false;
    }

    private static string CacheKey(string key) => $"sign-in-failures:{key}";

    private async Task<Failures> ReadFailures(string key)
    {
        try
        {
            var text = await cache.GetStringAsync(CacheKey(key));
            var parts = text?.Split('|');
            if (parts is { Length: 3 })
            {
                return new Failures(
                    int.Parse(parts[0], CultureInfo.InvariantCulture),
                    new DateTimeOffset(long.Parse(parts[1], CultureInfo.InvariantCulture), TimeSpan.Zero),
                    new DateTimeOffset(long.Parse(parts[2], CultureInfo.InvariantCulture), TimeSpan.Zero));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCacheFailed(logger, e);
        }

        return new Failures(0, DateTimeOffset.MinValue, DateTimeOffset.MinValue);
    }

    private async Task WriteFailures(string key, Failures failures, TimeSpan keep)
    {
        try
        {
            await cache.SetStringAsync(
                CacheKey(key),
                string.Create(CultureInfo.InvariantCulture, $"{failures.Count}|{failures.Since.UtcTicks}|{failures.LockedUntil.UtcTicks}"),
                new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = keep });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCacheFailed(logger, e);
        }
    }

    private async Task Forget(string key)
    {
        try
        {
            await cache.RemoveAsync(CacheKey(key));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCacheFailed(logger, e);
        }
    }

    private sealed record Failures(int Count, DateTimeOffset Since, DateTimeOffset LockedUntil);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in for '{UserName}' locked after {Count} failures, for {Minutes} minutes")]
    private static partial void LogLocked(ILogger logger, string userName, int count, int minutes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cache of failed sign-ins is not available; sign-in continues without the lock")]
    private static partial void LogCacheFailed(ILogger logger, Exception exception);
}
