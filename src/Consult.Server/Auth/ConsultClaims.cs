using System.Security.Claims;
using Consult.Common;
using Consult.Users;

namespace Consult.Server.Auth;

public static class ConsultClaims
{
    public const string Department = "dept";

    /// <summary>The UI session a cookie belongs to: signing out revokes it on the server.</summary>
    public const string Session = "sid";

    public static ClaimsPrincipal Principal(UserRecord user, string authenticationType, string? sessionId = null)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, user.UserName),
            new(ClaimTypes.GivenName, user.DisplayName),
            new(ClaimTypes.Role, user.Role),
        };
        if (user.Department is not null)
            claims.Add(new Claim(Department, user.Department));
        if (sessionId is not null)
            claims.Add(new Claim(Session, sessionId));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static string? SessionId(this ClaimsPrincipal principal) => principal.FindFirstValue(Session);

    /// <summary>The caller as the grains see them; throws for an anonymous or incomplete principal.</summary>
    public static Actor ToActor(this ClaimsPrincipal principal)
    {
        var name = principal.Identity is { IsAuthenticated: true } ? principal.Identity.Name : null;
        var role = principal.FindFirstValue(ClaimTypes.Role);
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(role))
            throw new ConsultException(ErrorCodes.Unauthorized, "Sign in first.");
        return new Actor(name, role, principal.FindFirstValue(Department)) { DisplayName = principal.FindFirstValue(ClaimTypes.GivenName) };
    }
}
