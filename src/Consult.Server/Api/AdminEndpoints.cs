using Consult.Common;
using Consult.Server.Admin;
using Consult.Server.Auth;
using Consult.Users;

namespace Consult.Server.Api;

/// <summary>Accounts for administrators (<c>/admin/users</c>) and the administrators' audit trail (<c>/admin/audit</c>).</summary>
public static class AdminEndpoints
{
    public static void MapAdminEndpoints(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/admin/users").RequireAuthorization();

        users.MapGet("/", async (string? q, string? role, bool? disabled, HttpContext http, UserService accounts) =>
        {
            RequireAdmin(http);
            var items = UserListing.Filter(await accounts.List(), q, role, disabled);
            return Results.Ok(new { items, total = items.Count });
        });

        users.MapGet("/{userName}", async (string userName, HttpContext http, UserService accounts) =>
        {
            RequireAdmin(http);
            return Results.Ok(UserSummary.Of(await Existing(accounts, userName)));
        });

        users.MapPost("/", async (NewUserRequest request, HttpContext http, UserService accounts, AdminAudit audit) =>
        {
            var actor = RequireAdmin(http);
            if (UserNames.Problem(request.UserName) is { } problem)
                throw ConsultException.InvalidInput(problem);
            UserService.RequirePassword(request.Password);
            var displayName = string.IsNullOrWhiteSpace(request.DisplayName) ? request.UserName.Trim() : request.DisplayName;
            if (!await accounts.Create(request.UserName, displayName, request.Role, request.Department, request.Password, request.Phone))
                throw ConsultException.Conflict($"User '{request.UserName}' exists already.");
            var created = UserSummary.Of(await Existing(accounts, request.UserName));
            await audit.Record(actor, AdminAudit.Users, created.UserName, "create", null, created);
            return Results.Created($"/api/v1/admin/users/{created.UserName}", created);
        });

        users.MapPut("/{userName}", async (string userName, EditUserRequest request, HttpContext http, UserService accounts, AdminAudit audit, Realtime.HubSessions sessions) =>
        {
            var actor = RequireAdmin(http);
            var before = await Existing(accounts, userName);
            if (before.UserName == actor.UserName && request.Role != before.Role)
                throw ConsultException.Conflict("Administrators do not change their own role: another administrator does.");
            var after = await accounts.Edit(before.UserName, request.DisplayName ?? "", request.Phone, request.Role ?? "", request.Department)
                ?? throw ConsultException.NotFound("No such user.");
            // A new role or department changes what the person may see: their connections sign in again.
            if (after.Role != before.Role || after.Department != before.Department)
                sessions.Close(after.UserName);
            var view = UserSummary.Of(after);
            await audit.Record(actor, AdminAudit.Users, view.UserName, "edit", UserSummary.Of(before), view);
            return Results.Ok(view);
        });

        users.MapPost("/{userName}/disable", async (string userName, HttpContext http, UserService accounts, AdminAudit audit, Realtime.HubSessions sessions) =>
        {
            var actor = RequireAdmin(http);
            var before = await Existing(accounts, userName);
            if (before.UserName == actor.UserName)
                throw ConsultException.Conflict("Administrators do not disable their own account.");
            if (await accounts.Disable(before.UserName))
                await audit.Record(actor, AdminAudit.Users, before.UserName, "disable", UserSummary.Of(before), UserSummary.Of(before with { Disabled = true }));
            // This node's connections close now; other nodes' on their next sweep (within seconds).
            sessions.Close(before.UserName);
            return Results.NoContent();
        });

        users.MapPost("/{userName}/enable", async (string userName, HttpContext http, UserService accounts, AdminAudit audit) =>
        {
            var actor = RequireAdmin(http);
            var before = await Existing(accounts, userName);
            if (await accounts.Enable(before.UserName))
                await audit.Record(actor, AdminAudit.Users, before.UserName, "enable", UserSummary.Of(before), UserSummary.Of(before with { Disabled = false }));
            return Results.NoContent();
        });

        users.MapPost("/{userName}/reset-password", async (string userName, ResetPasswordRequest request, HttpContext http, UserService accounts, AdminAudit audit, Realtime.HubSessions sessions) =>
        {
            var actor = RequireAdmin(http);
            var before = await Existing(accounts, userName);
            if (before.UserName == actor.UserName)
                throw ConsultException.Conflict("Administrators change their own password by signing in, not by a reset.");
            UserService.RequirePassword(request.Password);
            await accounts.SetPassword(before.UserName, request.Password!, mustChange: true);
            sessions.Close(before.UserName);
            await audit.Record(actor, AdminAudit.Users, before.UserName, "reset-password", UserSummary.Of(before), UserSummary.Of(before with { MustChangePassword = true }));
            return Results.NoContent();
        });

        api.MapGet("/admin/audit", async (int? year, string? area, HttpContext http, AdminAudit audit, TimeProvider time) =>
        {
            var theYear = year ?? time.GetUtcNow().Year;
            if (theYear is < 2000 or > 9000)
                throw ConsultException.InvalidInput("year must be between 2000 and 9000.");
            var items = await audit.Read(http.User.ToActor(), theYear, string.IsNullOrWhiteSpace(area) ? null : area);
            return Results.Ok(new { year = theYear, items });
        }).RequireAuthorization();
    }

    private static Actor RequireAdmin(HttpContext http)
    {
        var actor = http.User.ToActor();
        if (!actor.IsAdmin)
            throw ConsultException.Forbidden("Only administrators manage users.");
        return actor;
    }

    private static async Task<UserRecord> Existing(UserService accounts, string userName) =>
        UserNames.Problem(userName) is null && await accounts.Find(userName, fresh: true) is { } user
            ? user
            : throw ConsultException.NotFound("No such user.");
}

public sealed record NewUserRequest(string UserName, string Password, string Role, string? Department = null, string? DisplayName = null, string? Phone = null);

public sealed record EditUserRequest(string? DisplayName, string? Role, string? Department = null, string? Phone = null);

public sealed record ResetPasswordRequest(string? Password);

/// <summary>The administrators' search over the accounts' list.</summary>
public static class UserListing
{
    public static IReadOnlyList<UserSummary> Filter(IEnumerable<UserSummary> users, string? q, string? role, bool? disabled)
    {
        var text = q?.Trim();
        return [.. users.Where(u =>
            (string.IsNullOrEmpty(text)
             || u.UserName.Contains(text, StringComparison.OrdinalIgnoreCase)
             || u.DisplayName.Contains(text, StringComparison.OrdinalIgnoreCase)
             || (u.Department?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
             || (u.Phone?.Contains(text, StringComparison.Ordinal) ?? false))
            && (string.IsNullOrEmpty(role) || u.Role == role)
            && (disabled is null || u.Disabled == disabled))];
    }
}
