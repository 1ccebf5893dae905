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
                // Written here, not thrown: the exception handler would drop the Retry-After header.
                await RequestGuards.WriteProblem(http, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
                    $"Too many failed sign-ins for this user name; try again in {Math.Ceiling(wait.TotalMinutes)} minutes.",
                    retryAfterSeconds: (int)Math.Ceiling(wait.TotalSeconds));
                return Results.Empty;
            }

            var user = result.User ?? throw new ConsultException(ErrorCodes.Unauthorized, "Unknown user name or wrong password.");
            if (user.MustChangePassword)
                throw new ConsultException(ErrorCodes.PasswordChangeRequired, "The password was reset: choose a new one (POST /api/v1/auth/password) before signing in.");
            return Results.Ok(issuer.Issue(user));
        }).AllowAnonymous().RequireRateLimiting(Auth.AuthHostingExtensions.SignInPolicy);

        api.MapPost("/auth/password", async (ChangePasswordRequest request, PasswordChange change, HttpContext http) =>
        {
            var outcome = await change.Change(request.UserName, request.CurrentPassword, request.NewPassword);
            if (outcome.RetryAfter is { } wait)
            {
                await RequestGuards.WriteProblem(http, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
                    $"Too many failed sign-ins for this user name; try again in {Math.Ceiling(wait.TotalMinutes)} minutes.",
                    retryAfterSeconds: (int)Math.Ceiling(wait.TotalSeconds));
                return Results.Empty;
            }

            return Results.NoContent();
        }).AllowAnonymous().RequireRateLimiting(Auth.AuthHostingExtensions.SignInPolicy);

        api.MapGet("/auth/me", (HttpContext http) =>
        {
            var actor = http.User.ToActor();
            return Results.Ok(new { userName = actor.UserName, displayName = actor.DisplayName, role = actor.Role, department = actor.Department });
        }).RequireAuthorization();
    }
}

public sealed record ChangePasswordRequest(string? UserName, string? CurrentPassword, string? NewPassword);
