using Consult.Common;
using Consult.Server.ApiReference;
using Consult.Server.Auth;
using Consult.Users;

namespace Consult.Server.Api;

public static class AdminEndpoints
{
    public static void MapAdminEndpoints(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/admin/users").RequireAuthorization().WithTags("Administration");

        users.MapPost("/", async (NewUserRequest request, HttpContext http, UserService accounts) =>
        {
            RequireAdmin(http);
            if (UserNames.Problem(request.UserName) is { } problem)
                throw ConsultException.InvalidInput(problem);
            if (request.Password is not { Length: >= 8 and <= 256 })
                throw ConsultException.InvalidInput("password must have 8 to 256 characters.");
            var displayName = string.IsNullOrWhiteSpace(request.DisplayName) ? request.UserName.Trim() : request.DisplayName;
            if (!await accounts.Create(request.UserName, displayName, request.Role, request.Department, request.Password, request.Phone))
                throw ConsultException.Conflict($"User '{request.UserName}' exists already.");
            var created = await accounts.Find(request.UserName, fresh: true);
            return Results.Created($"/api/v1/admin/users/{request.UserName}", new CreatedUser(
                created!.UserName, created.DisplayName, created.Role, created.Department, created.Phone));
        }).WithName("CreateUser").WithSummary("Create a user (administrators)")
            .Produces<CreatedUser>(StatusCodes.Status201Created).Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict);

        users.MapPost("/{userName}/disable", async (string userName, HttpContext http, UserService accounts, Realtime.HubSessions sessions) =>
        {
            RequireAdmin(http);
            if (UserNames.Problem(userName) is not null || await accounts.Find(userName, fresh: true) is null)
                throw ConsultException.NotFound("No such user.");
            await accounts.Disable(userName);
            // This node's connections close now; other nodes' on their next sweep (within seconds).
            sessions.Close(UserNames.Key(userName));
            return Results.NoContent();
        }).WithName("DisableUser").WithSummary("Disable a user: no token from now on, and their hub connections close")
            .Produces(StatusCodes.Status204NoContent).Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }

    private static void RequireAdmin(HttpContext http)
    {
        if (!http.User.ToActor().IsAdmin)
            throw ConsultException.Forbidden("Only administrators manage users.");
    }
}

public sealed record NewUserRequest(string UserName, string Password, string Role, string? Department = null, string? DisplayName = null, string? Phone = null);

public sealed record CreatedUser(string UserName, string DisplayName, string Role, string? Department, string? Phone);
