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
        phone = await Check(displayName, phone, role, department);
        var key = UserNames.Key(userName);
        var draft = new UserRecord(key, displayName.Trim(), role, department, "") { Phone = phone };
        return await Changing(key, grains.GetGrain<IUserGrain>(key).Create(draft with { PasswordHash = hasher.HashPassword(draft, password) }));
    }

    /// <summary>Checks who an account is; answers the phone as kept (trimmed, null when empty).</summary>
    private async Task<string?> Check(string displayName, string? phone, string role, string? department)
    {
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
            if (!catalog.IsActive(department))
                throw ConsultException.InvalidInput("department must be the code of a department in the catalogue that is not retired.");
        }
        else if (department is not null)
        {
            throw ConsultException.InvalidInput("Only a department representative has a department.");
        }

        return phone;
    }

    /// <summary>Disables the account; false when there is no such account or it was disabled already.</summary>
    public Task<bool> Disable(string userName)
    {
        var key = UserNames.Key(userName);
        return Changing(key, grains.GetGrain<IUserGrain>(key).Disable());
    }

    /// <summary>Enables a disabled account; false when there is no such account or it was not disabled.</summary>
    public Task<bool> Enable(string userName)
    {
        var key = UserNames.Key(userName);
        return Changing(key, grains.GetGrain<IUserGrain>(key).Enable());
    }

    /// <summary>Changes an account's display name, phone, role and department (checked as for a new account); null when there is none.</summary>
    public async Task<UserRecord?> Edit(string userName, string displayName, string? phone, string role, string? department)
    {
        phone = await Check(displayName, phone, role, department);
        var key = UserNames.Key(userName);
        return await Changing(key, grains.GetGrain<IUserGrain>(key).Edit(displayName.Trim(), phone, role, department));
    }

    /// <summary>
    /// Sets a new password: by an administrator (<paramref name="mustChange"/>: the person chooses
    /// their own at the next sign-in, and their sessions end now) or by the person. False when there is no such account.
    /// </summary>
    public async Task<bool> SetPassword(string userName, string password, bool mustChange)
    {
        RequirePassword(password);
        var key = UserNames.Key(userName);
        if (await Find(key, fresh: true) is not { } user)
            return false;
        return await Changing(key, grains.GetGrain<IUserGrain>(key).SetPassword(hasher.HashPassword(user, password), mustChange));
    }

    /// <summary>Whether <paramref name="password"/> is the account's password now (for a change chosen by the person).</summary>
    public bool Verifies(UserRecord user, string password) =>
        hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;

    /// <summary>Every account as the administrators' list has it, by user name.</summary>
    public Task<System.Collections.Immutable.ImmutableArray<UserSummary>> List() => grains.GetGrain<IUserDirectoryGrain>(0).List();

    public static void RequirePassword(string? password)
    {
        if (password is not { Length: >= 8 and <= 256 })
            throw ConsultException.InvalidInput("password must have 8 to 256 characters.");
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
