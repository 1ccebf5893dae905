using Consult.Catalog;
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
/// (creating or disabling an account, signing out) takes effect on the next call; one made through
/// another node of a cluster within <see cref="FreshFor"/>.
/// </remarks>
public sealed class UserService(IGrainFactory grains, IPasswordHasher<UserRecord> hasher, IMemoryCache cache, TimeProvider time)
{
    /// <summary>How long a looked-up account is used without asking its grain again.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(2);

    /// <summary>Creates the account unless it exists; true when it was created.</summary>
    public async Task<bool> Create(string userName, string displayName, string role, string? department, string password, string? phone = null)
    {
        if (UserNames.Problem(userName) is { } problem)
            throw ConsultException.InvalidInput(problem);
        TextRules.Require(displayName, "displayName", 100);
        phone = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        if (phone is not null && !Consult.Notifications.NotificationSettingsRules.IsMobile(phone))
            throw ConsultException.InvalidInput("phone must be a mobile number (digits, '-', optionally '+', 5 to 20 characters).");
        if (!Roles.All.Contains(role))
            throw ConsultException.InvalidInput($"Unknown role '{role}'.");
        if (role == Roles.Department)
        {
            if (string.IsNullOrEmpty(department))
                throw ConsultException.InvalidInput("A department representative needs a department.");
            var catalog = await grains.GetGrain<ICatalogGrain>(0).Get();
            if (!catalog.Departments.Any(d => d.Code == department))
                throw ConsultException.InvalidInput("department must be the code of a department in the catalogue.");
        }
        else if (department is not null)
        {
            throw ConsultException.InvalidInput("Only a department representative has a department.");
        }

        var key = UserNames.Key(userName);
        var draft = new UserRecord(key, displayName.Trim(), role, department, "") { Phone = phone };
        return await Changing(key, grains.GetGrain<IUserGrain>(key).Create(draft with { PasswordHash = hasher.HashPassword(draft, password) }));
    }

    /// <summary>Disables the account; false when there is no such account or it was disabled already.</summary>
    public Task<bool> Disable(string userName)
    {
        var key = UserNames.Key(userName);
        return Changing(key, grains.GetGrain<IUserGrain>(key).Disable());
    }

    /// <summary>Ends one signed-in session (a UI cookie): its cookie is refused from now on, on every node.</summary>
    public Task RevokeSession(string userName, string sessionId, TimeSpan lifetime)
    {
        var key = UserNames.Key(userName);
        return Changing(key, grains.GetGrain<IUserGrain>(key).RevokeSession(sessionId, time.GetUtcNow() + lifetime));
    }

    /// <summary>The account as it stands (at most <see cref="FreshFor"/> old unless <paramref name="fresh"/>), or null when there is none.</summary>
    public async Task<UserRecord?> Find(string userName, bool fresh = false)
    {
        if (string.IsNullOrWhiteSpace(userName) || userName.Length > UserNames.MaxLength)
            return null;
        var key = UserNames.Key(userName);
        if (!fresh && cache.TryGetValue(CacheKey(key), out UserRecord? known))
            return known;
        var user = await grains.GetGrain<IUserGrain>(key).Get();
        cache.Set(CacheKey(key), user, FreshFor);
        return user;
    }

    private async Task<T> Changing<T>(string key, Task<T> change)
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

    private async Task Changing(string key, Task change)
    {
        try
        {
            await change;
        }
        finally
        {
            cache.Remove(CacheKey(key));
        }
    }

    private static (Type, string) CacheKey(string key) => (typeof(UserService), key);
}
