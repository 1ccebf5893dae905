using Consult.Common;
using Consult.Server.Admin;
using Consult.Server.Auth;

namespace Consult.Server.Api;

/// <summary>Accounts for administrators (<c>/admin/users</c>) and the administrators' audit trail (<c>/admin/audit</c>).</summary>
public static class AdminEndpoints
{
    public static void MapAdminEndpoints(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/admin/users").RequireAuthorization();

        users.MapGet("/", async (string? q, string? role, bool? disabled, HttpContext http, AccountAdmin admin) =>
        {
            var items = await admin.List(http.User.ToActor(), q, role, disabled);
            return Results.Ok(new { items, total = items.Count });
        });

        users.MapGet("/{userName}", async (string userName, HttpContext http, AccountAdmin admin) =>
            Results.Ok(await admin.Get(http.User.ToActor(), userName)));

        users.MapPost("/", async (NewUserRequest request, HttpContext http, AccountAdmin admin) =>
        {
            var created = await admin.Create(http.User.ToActor(), request.UserName, request.Password, request.Role, request.Department, request.DisplayName, request.Phone);
            return Results.Created($"/api/v1/admin/users/{created.UserName}", created);
        });

        users.MapPut("/{userName}", async (string userName, EditUserRequest request, HttpContext http, AccountAdmin admin) =>
            Results.Ok(await admin.Edit(http.User.ToActor(), userName, request.DisplayName, request.Role, request.Department, request.Phone)));

        users.MapPost("/{userName}/disable", async (string userName, HttpContext http, AccountAdmin admin) =>
        {
            await admin.Disable(http.User.ToActor(), userName);
            return Results.NoContent();
        });

        users.MapPost("/{userName}/enable", async (string userName, HttpContext http, AccountAdmin admin) =>
        {
            await admin.Enable(http.User.ToActor(), userName);
            return Results.NoContent();
        });

        users.MapPost("/{userName}/reset-password", async (string userName, ResetPasswordRequest request, HttpContext http, AccountAdmin admin) =>
        {
            await admin.ResetPassword(http.User.ToActor(), userName, request.Password);
            return Results.NoContent();
        });

        var departments = api.MapGroup("/admin/departments").RequireAuthorization();

        departments.MapPost("/", async (DepartmentRequest request, HttpContext http, DepartmentAdmin admin) =>
        {
            var added = await admin.Add(http.User.ToActor(), request.Code, request.Name?.Zh, request.Name?.En);
            return Results.Created($"/api/v1/catalog/departments", added);
        });

        departments.MapPut("/{code}", async (string code, RenameDepartmentRequest request, HttpContext http, DepartmentAdmin admin) =>
            Results.Ok(await admin.Rename(http.User.ToActor(), code, request.Name?.Zh, request.Name?.En)));

        departments.MapPost("/{code}/retire", async (string code, HttpContext http, DepartmentAdmin admin) =>
            Results.Ok(await admin.Retire(http.User.ToActor(), code)));

        api.MapGet("/admin/audit", async (int? year, string? area, HttpContext http, AdminAudit audit, TimeProvider time) =>
        {
            var theYear = year ?? time.GetUtcNow().Year;
            if (theYear is < 2000 or > 9000)
                throw ConsultException.InvalidInput("year must be between 2000 and 9000.");
            var items = await audit.Read(http.User.ToActor(), theYear, string.IsNullOrWhiteSpace(area) ? null : area);
            return Results.Ok(new { year = theYear, items });
        }).RequireAuthorization();
    }
}

public sealed record NewUserRequest(string UserName, string Password, string Role, string? Department = null, string? DisplayName = null, string? Phone = null);

public sealed record EditUserRequest(string? DisplayName, string? Role, string? Department = null, string? Phone = null);

public sealed record ResetPasswordRequest(string? Password);

public sealed record DepartmentRequest(string? Code, DepartmentName? Name);

public sealed record RenameDepartmentRequest(DepartmentName? Name);

public sealed record DepartmentName(string? Zh, string? En);
