using Consult.Common;
using Consult.Server.Auth;

namespace Consult.Server.Api;

public static class AuthEndpoints
{
    public static void MapAuthEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", async (TokenRequest request, SignInService signIn, TokenIssuer issuer, HttpContext http) =>
        {
            var result = await signIn.SignIn(request.UserName, request.Password);
            if (result.RetryAfter is { } wait)
            {
                http.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                throw new ConsultException(ErrorCodes.RateLimited, $"Too many failed sign-ins for this user name; try again in {Math.Ceiling(wait.TotalMinutes)} minutes.");
            }

            var user = result.User ?? throw new ConsultException(ErrorCodes.Unauthorized, "Unknown user name or wrong password.");
            return Results.Ok(issuer.Issue(user));
        }).AllowAnonymous().RequireRateLimiting(Auth.AuthHostingExtensions.SignInPolicy);

        api.MapGet("/auth/me", (HttpContext http) =>
        {
            var actor = http.User.ToActor();
            return Results.Ok(new { userName = actor.UserName, role = actor.Role, department = actor.Department });
        }).RequireAuthorization();
    }
}
