using System.Security.Claims;
using Consult.Common;

namespace Consult.Server.Auth;

/// <summary>
/// The caller as the account stands now, not as the token said at sign-in: a disabled account or
/// a changed role takes effect on the next request or hub call.
/// </summary>
public sealed class CurrentActors(UserService users)
{
    public async Task<Actor?> Find(ClaimsPrincipal? principal)
    {
        var name = principal?.Identity is { IsAuthenticated: true } identity ? identity.Name : null;
        if (string.IsNullOrEmpty(name))
            return null;
        var user = await users.Find(name);
        return user is null || user.IsBlocked ? null : new Actor(user.UserName, user.Role, user.Department) { DisplayName = user.DisplayName };
    }

    public async Task<Actor> Require(ClaimsPrincipal? principal) =>
        await Find(principal) ?? throw new ConsultException(ErrorCodes.Unauthorized, "Sign in first (or your account was disabled).");
}
