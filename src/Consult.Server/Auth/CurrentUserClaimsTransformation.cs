using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Consult.Server.Auth;

/// <summary>
/// Rebuilds each request's principal from the account as it stands now. A disabled account is
/// anonymous, and so is a UI cookie whose session was signed out (or that carries no session).
/// </summary>
public sealed class CurrentUserClaimsTransformation(UserService users) : IClaimsTransformation
{
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal) =>
        await Current(users, principal) ?? new ClaimsPrincipal(new ClaimsIdentity());

    /// <summary>The principal for the account as it stands, or null when it may no longer act.</summary>
    public static async Task<ClaimsPrincipal?> Current(UserService users, ClaimsPrincipal principal)
    {
        var name = principal.Identity is { IsAuthenticated: true } identity ? identity.Name : null;
        if (string.IsNullOrEmpty(name))
            return principal;
        var scheme = principal.Identity!.AuthenticationType ?? "Bearer";
        var session = principal.SessionId();
        var user = await users.Find(name);
        if (user is null || user.IsBlocked)
            return null;
        if (scheme == CookieAuthenticationDefaults.AuthenticationScheme && user.IsRevoked(session))
            return null;
        return ConsultClaims.Principal(user, scheme, session);
    }
}
