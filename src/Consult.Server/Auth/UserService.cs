using Consult.Common;
using Consult.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;

namespace Consult.Server.Auth;

/// <summary>Accounts on user grains, passwords hashed with ASP.NET Core Identity's hasher.</summary>
/// <remarks>
/// Every request and hub call looks its caller up (<see cref="Find"/>), so the record is kept in
/// this node's memory for <see cref="FreshFor"/>: without it, every decision made one more grain
/// call, all of one department's calls to the same user grain. A change made through this node
/// (creating or disabling an account) takes effect on the next call; one made through another node
/// of a cluster within <see cref="FreshFor"/>.
/// </remarks>
public sealed class UserService(IGrainFactory grains, IPasswordHasher<UserRecord> hasher, IMemoryCache cache)
{
    /// <summary>How long a looked-up account is used without asking its grain again.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(2);

    public async Task<UserRecord?> Authenticate(string userName, string password)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password) || userName.Length > 64)
            return null;
        var user = await grains.GetGrain<IUserGrain>(Key(userName)).Get();
        if (user is null)
            return null;
        return hasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed ? null : user;
    }

    /// <summary>Creates the account unless it exists; true when it was created.</summary>
    public Task<bool> Create(string userName, string displayName, string role, string? department, string password)
    {
        if (!Roles.All.Contains(role))
            throw ConsultException.InvalidInput($"Unknown role '{role}'.");
        if (role == Roles.Department && string.IsNullOrEmpty(department))
            throw ConsultException.InvalidInput("A department representative needs a department.");
        var key = Key(userName);
        var draft = new UserRecord(key, displayName, role, department, "");
        return Changing(key, grains.GetGrain<IUserGrain>(key).Create(draft with { PasswordHash = hasher.HashPassword(draft, password) }));
    }

    /// <summary>Disables the account; false when there is no such account or it was disabled already.</summary>
    public Task<bool> Disable(string userName)
    {
        var key = Key(userName);
        return Changing(key, grains.GetGrain<IUserGrain>(key).Disable());
    }

    /// <summary>The account as it stands (at most <see cref="FreshFor"/> old), or null when there is none.</summary>
    public async Task<UserRecord?> Find(string userName)
    {
        var key = Key(userName);
        if (cache.TryGetValue(CacheKey(key), out UserRecord? known))
            return known;
        var user = await grains.GetGrain<IUserGrain>(key).Get();
        cache.Set(CacheKey(key), user, FreshFor);
        return user;
    }

    private async Task<bool> Changing(string key, Task<bool> change)
    {
        try
        {
            return await change;
        }
        finally
        {
            cache.Remove(CacheKey(key));
        }
    }

    private static (Type, string) CacheKey(string key) => (typeof(UserService), key);

    private static string Key(string userName) => userName.Trim().ToLowerInvariant();
}
