using Consult.Common;
using Consult.Server.Auth;

namespace Consult.Server.Api;

public static class AuthEndpoints
{
    public static void MapAuthEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", async (TokenRequest request, UserService users, TokenIssuer issuer) =>
        {
            var user = await users.Authenticate(request.UserName, request.Password)
                ?? throw new ConsultException(ErrorCodes.Unauthorized, "Unknown user name or wrong password.");
            return Results.Ok(issuer.Issue(user));
        }).AllowAnonymous().RequireRateLimiting(Auth.AuthHostingExtensions.SignInPolicy);

        api.MapGet("/auth/me", (HttpContext http) =>
        {
            var actor = http.User.ToActor();
            return Results.Ok(new { userName = actor.UserName, role = actor.Role, department = actor.Department });
        }).RequireAuthorization();
    }
}
