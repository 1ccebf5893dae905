using System.Security.Claims;
using Consult.Common;
using Consult.Users;

namespace Consult.Server.Auth;

public static class ConsultClaims
{
    public const string Department = "dept";

    public static ClaimsPrincipal Principal(UserRecord user, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, user.UserName),
            new(ClaimTypes.GivenName, user.DisplayName),
            new(ClaimTypes.Role, user.Role),
        };
        if (user.Department is not null)
            claims.Add(new Claim(Department, user.Department));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The caller as the grains see them; throws for an anonymous or incomplete principal.</summary>
    public static Actor ToActor(this ClaimsPrincipal principal)
    {
        var name = principal.Identity is { IsAuthenticated: true } ? principal.Identity.Name : null;
        var role = principal.FindFirstValue(ClaimTypes.Role);
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(role))
            throw new ConsultException(ErrorCodes.Unauthorized, "Sign in first.");
        return new Actor(name, role, principal.FindFirstValue(Department));
    }
}
