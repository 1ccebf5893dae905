using Consult.Common;
using Consult.Server.Auth;
using Consult.Users;

namespace Consult.Server.Api;

public static class AdminEndpoints
{
    public static void MapAdminEndpoints(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/admin/users").RequireAuthorization();

        users.MapPost("/", async (NewUserRequest request, HttpContext http, UserService accounts) =>
        {
            RequireAdmin(http);
            if (string.IsNullOrWhiteSpace(request.UserName) || request.UserName.Length > 64 || request.Password.Length < 8)
                throw ConsultException.InvalidInput("userName (at most 64 characters) and a password of at least 8 characters are required.");
            if (!await accounts.Create(request.UserName, request.DisplayName ?? request.UserName, request.Role, request.Department, request.Password))
                throw ConsultException.Conflict($"User '{request.UserName}' exists already.");
            return Results.Created($"/api/v1/admin/users/{request.UserName}", new { userName = request.UserName.Trim().ToLowerInvariant(), role = request.Role, department = request.Department });
        });

        users.MapPost("/{userName}/disable", async (string userName, HttpContext http, IGrainFactory grains, UserService accounts) =>
        {
            RequireAdmin(http);
            if (await grains.GetGrain<IUserGrain>(userName.Trim().ToLowerInvariant()).Get() is null)
                throw ConsultException.NotFound($"No user '{userName}'.");
            await accounts.Disable(userName);
            return Results.NoContent();
        });
    }

    private static void RequireAdmin(HttpContext http)
    {
        if (!http.User.ToActor().IsAdmin)
            throw ConsultException.Forbidden("Only administrators manage users.");
    }
}

public sealed record NewUserRequest(string UserName, string Password, string Role, string? Department = null, string? DisplayName = null);
