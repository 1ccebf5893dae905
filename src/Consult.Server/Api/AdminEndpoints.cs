using System.Collections.Immutable;
using Consult.Admin;
using Consult.Catalog;
using Consult.Common;
using Consult.Server.Admin;
using Consult.Server.ApiReference;
using Consult.Server.Auth;
using Consult.Users;

namespace Consult.Server.Api;

/// <summary>Accounts for administrators (<c>/admin/users</c>) and the administrators' audit trail (<c>/admin/audit</c>).</summary>
public static class AdminEndpoints
{
    public static void MapAdminEndpoints(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/admin/users").RequireAuthorization().WithTags("Administration");

        users.MapGet("/", async (string? q, string? role, bool? disabled, HttpContext http, AccountAdmin admin) =>
        {
            var items = await admin.List(http.User.ToActor(), q, role, disabled);
            return new UserPage(items, items.Count);
        }).WithName("ListUsers").WithSummary("Accounts, searched by name, department or phone, by role and by state (administrators)").Refuses(StatusCodes.Status403Forbidden);

        users.MapGet("/{userName}", async (string userName, HttpContext http, AccountAdmin admin) =>
            await admin.Get(http.User.ToActor(), userName))
            .WithName("GetUser").WithSummary("An account (administrators)").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        users.MapPost("/", async (NewUserRequest request, HttpContext http, AccountAdmin admin) =>
        {
            var created = await admin.Create(http.User.ToActor(), request.UserName, request.Password, request.Role, request.Department, request.DisplayName, request.Phone);
            return Results.Created($"/api/v1/admin/users/{created.UserName}", created);
        }).WithName("CreateUser").WithSummary("Create an account (administrators)")
            .Produces<UserSummary>(StatusCodes.Status201Created).Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict);

        users.MapPut("/{userName}", async (string userName, EditUserRequest request, HttpContext http, AccountAdmin admin) =>
            await admin.Edit(http.User.ToActor(), userName, request.DisplayName, request.Role, request.Department, request.Phone))
            .WithName("EditUser").WithSummary("Edit an account's name, phone, role and department (administrators); a new role or department ends its sessions").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        users.MapPost("/{userName}/disable", async (string userName, HttpContext http, AccountAdmin admin) =>
        {
            await admin.Disable(http.User.ToActor(), userName);
            return Results.NoContent();
        }).WithName("DisableUser").WithSummary("Disable an account: no token from now on, and its sessions end (administrators)")
            .Produces(StatusCodes.Status204NoContent).Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        users.MapPost("/{userName}/enable", async (string userName, HttpContext http, AccountAdmin admin) =>
        {
            await admin.Enable(http.User.ToActor(), userName);
            return Results.NoContent();
        }).WithName("EnableUser").WithSummary("Enable a disabled account again (administrators)")
            .Produces(StatusCodes.Status204NoContent).Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        users.MapPost("/{userName}/reset-password", async (string userName, ResetPasswordRequest request, HttpContext http, AccountAdmin admin) =>
        {
            await admin.ResetPassword(http.User.ToActor(), userName, request.Password);
            return Results.NoContent();
        }).WithName("ResetPassword").WithSummary("Set a temporary password the person must change before any token; their sessions end (administrators)")
            .Produces(StatusCodes.Status204NoContent).Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        var departments = api.MapGroup("/admin/departments").RequireAuthorization().WithTags("Administration");

        departments.MapPost("/", async (DepartmentRequest request, HttpContext http, DepartmentAdmin admin) =>
        {
            var added = await admin.Add(http.User.ToActor(), request.Code, request.Name?.Zh, request.Name?.En);
            return Results.Created($"/api/v1/catalog/departments", added);
        }).WithName("AddDepartment").WithSummary("Add a department (administrators)")
            .Produces<Department>(StatusCodes.Status201Created).Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict);

        departments.MapPut("/{code}", async (string code, RenameDepartmentRequest request, HttpContext http, DepartmentAdmin admin) =>
            await admin.Rename(http.User.ToActor(), code, request.Name?.Zh, request.Name?.En))
            .WithName("RenameDepartment").WithSummary("Rename a department (administrators)").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        departments.MapPost("/{code}/retire", async (string code, HttpContext http, DepartmentAdmin admin) =>
            await admin.Retire(http.User.ToActor(), code))
            .WithName("RetireDepartment").WithSummary("Retire a department: it cannot be invited any more; its history stays (administrators)").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        api.MapGet("/admin/audit", async (int? year, string? area, HttpContext http, AdminAudit audit, TimeProvider time) =>
        {
            var theYear = year ?? time.GetUtcNow().Year;
            if (theYear is < 2000 or > 9000)
                throw ConsultException.InvalidInput("year must be between 2000 and 9000.");
            var items = await audit.Read(http.User.ToActor(), theYear, string.IsNullOrWhiteSpace(area) ? null : area);
            return new AdminAuditPage(theYear, items);
        }).RequireAuthorization().WithTags("Administration")
            .WithName("ListAdminAudit").WithSummary("The administration trail of a year: who changed what, before and after (administrators, managers)").Refuses(StatusCodes.Status403Forbidden);
    }
}

public sealed record NewUserRequest(string UserName, string Password, string Role, string? Department = null, string? DisplayName = null, string? Phone = null);

public sealed record EditUserRequest(string? DisplayName, string? Role, string? Department = null, string? Phone = null);

public sealed record ResetPasswordRequest(string? Password);

public sealed record UserPage(IReadOnlyList<UserSummary> Items, int Total);

public sealed record AdminAuditPage(int Year, ImmutableArray<AdminAuditEntry> Items);

public sealed record DepartmentRequest(string? Code, DepartmentName? Name);

public sealed record RenameDepartmentRequest(DepartmentName? Name);

public sealed record DepartmentName(string? Zh, string? En);
