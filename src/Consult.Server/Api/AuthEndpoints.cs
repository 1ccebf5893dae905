using Consult.Common;
using Consult.Server.ApiReference;
using Consult.Server.Auth;

namespace Consult.Server.Api;

public static class AuthEndpoints
{
    public static void MapAuthEndpoints(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Sign-in");

        auth.MapPost("/token", async (TokenRequest request, SignInService signIn, TokenIssuer issuer, HttpContext http) =>
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
        }).AllowAnonymous().RequireRateLimiting(Auth.AuthHostingExtensions.SignInPolicy)
            .WithName("SignIn").WithSummary("Get a bearer token for a user name and password")
            .Produces<TokenResponse>().Refuses(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        auth.MapPost("/password", async (ChangePasswordRequest request, PasswordChange change, HttpContext http) =>
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
        }).AllowAnonymous().RequireRateLimiting(Auth.AuthHostingExtensions.SignInPolicy)
            .WithName("ChangePassword").WithSummary("Choose a new password with the current one (required after a reset, before any token)")
            .Produces(StatusCodes.Status204NoContent).Refuses(StatusCodes.Status401Unauthorized);

        auth.MapGet("/me", (HttpContext http) =>
        {
            var actor = http.User.ToActor();
            return new SignedInUser(actor.UserName, actor.DisplayName, actor.Role, actor.Department);
        }).RequireAuthorization()
            .WithName("GetSignedInUser").WithSummary("Who the token signs in");
    }
}

/// <summary>The signed-in user: <c>department</c> is null for staff outside a department.</summary>
public sealed record SignedInUser(string UserName, string? DisplayName, string Role, string? Department);

public sealed record ChangePasswordRequest(string? UserName, string? CurrentPassword, string? NewPassword);
