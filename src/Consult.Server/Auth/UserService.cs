using Consult.Common;
using Consult.Users;
using Microsoft.AspNetCore.Identity;

namespace Consult.Server.Auth;

/// <summary>Accounts on user grains, passwords hashed with ASP.NET Core Identity's hasher.</summary>
public sealed class UserService(IGrainFactory grains, IPasswordHasher<UserRecord> hasher)
{
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
        return grains.GetGrain<IUserGrain>(key).Create(draft with { PasswordHash = hasher.HashPassword(draft, password) });
    }

    public Task<UserRecord?> Find(string userName) => grains.GetGrain<IUserGrain>(Key(userName)).Get();

    private static string Key(string userName) => userName.Trim().ToLowerInvariant();
}
