using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Consult.Server.Auth;

/// <summary>Rebuilds each request's principal from the account as it stands now; a disabled account is anonymous.</summary>
public sealed class CurrentUserClaimsTransformation(UserService users) : IClaimsTransformation
{
    public async Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        var name = principal.Identity is { IsAuthenticated: true } identity ? identity.Name : null;
        if (string.IsNullOrEmpty(name))
            return principal;
        var user = await users.Find(name);
        return user is null || user.Disabled
            ? new ClaimsPrincipal(new ClaimsIdentity())
            : ConsultClaims.Principal(user, principal.Identity!.AuthenticationType ?? "Bearer");
    }
}
