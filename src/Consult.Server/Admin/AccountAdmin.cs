using Consult.Common;
using Consult.Server.Auth;
using Consult.Server.Realtime;
using Consult.Users;

namespace Consult.Server.Admin;

/// <summary>
/// The administrators' work on accounts, for the API and the page alike: each change checked,
/// made, audited (before and after, never a password), and the account's connections closed where
/// the change takes away what the person may do.
/// </summary>
public sealed class AccountAdmin(UserService accounts, AdminAudit audit, HubSessions sessions)
{
    public async Task<IReadOnlyList<UserSummary>> List(Actor actor, string? q, string? role, bool? disabled)
    {
        RequireAdmin(actor);
        var text = q?.Trim();
        return [.. (await accounts.List()).Where(u =>
            (string.IsNullOrEmpty(text)
             || u.UserName.Contains(text, StringComparison.OrdinalIgnoreCase)
             || u.DisplayName.Contains(text, StringComparison.OrdinalIgnoreCase)
             || (u.Department?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
             || (u.Phone?.Contains(text, StringComparison.Ordinal) ?? false))
            && (string.IsNullOrEmpty(role) || u.Role == role)
            && (disabled is null || u.Disabled == disabled))];
    }

    public async Task<UserSummary> Get(Actor actor, string userName)
    {
        RequireAdmin(actor);
        return UserSummary.Of(await Existing(userName));
    }

    public async Task<UserSummary> Create(Actor actor, string userName, string password, string role, string? department, string? displayName, string? phone)
    {
        RequireAdmin(actor);
        if (UserNames.Problem(userName) is { } problem)
            throw ConsultException.InvalidInput(problem);
        UserService.RequirePassword(password);
        var name = string.IsNullOrWhiteSpace(displayName) ? userName.Trim() : displayName;
        if (!await accounts.Create(userName, name, role, department, password, phone))
            throw ConsultException.Conflict($"User '{userName}' exists already.");
        var created = UserSummary.Of(await Existing(userName));
        await audit.Record(actor, AdminAudit.Users, created.UserName, "create", null, created);
        return created;
    }

    public async Task<UserSummary> Edit(Actor actor, string userName, string? displayName, string? role, string? department, string? phone)
    {
        RequireAdmin(actor);
        var before = await Existing(userName);
        if (before.UserName == actor.UserName && role != before.Role)
            throw ConsultException.Conflict("Administrators do not change their own role: another administrator does.");
        var after = await accounts.Edit(before.UserName, displayName ?? "", phone, role ?? "", department)
            ?? throw ConsultException.NotFound("No such user.");
        // A new role or department changes what the person may see: their connections sign in again.
        if (after.Role != before.Role || after.Department != before.Department)
            sessions.Close(after.UserName);
        var view = UserSummary.Of(after);
        await audit.Record(actor, AdminAudit.Users, view.UserName, "edit", UserSummary.Of(before), view);
        return view;
    }

    public async Task Disable(Actor actor, string userName)
    {
        RequireAdmin(actor);
        var before = await Existing(userName);
        if (before.UserName == actor.UserName)
            throw ConsultException.Conflict("Administrators do not disable their own account.");
        if (await accounts.Disable(before.UserName))
            await audit.Record(actor, AdminAudit.Users, before.UserName, "disable", UserSummary.Of(before), UserSummary.Of(before with { Disabled = true }));
        // This node's connections close now; other nodes' on their next sweep (within seconds).
        sessions.Close(before.UserName);
    }

    public async Task Enable(Actor actor, string userName)
    {
        RequireAdmin(actor);
        var before = await Existing(userName);
        if (await accounts.Enable(before.UserName))
            await audit.Record(actor, AdminAudit.Users, before.UserName, "enable", UserSummary.Of(before), UserSummary.Of(before with { Disabled = false }));
    }

    /// <summary>Sets a temporary password: the person's sessions end, and they choose their own at the next sign-in.</summary>
    public async Task ResetPassword(Actor actor, string userName, string? temporaryPassword)
    {
        RequireAdmin(actor);
        var before = await Existing(userName);
        if (before.UserName == actor.UserName)
            throw ConsultException.Conflict("Administrators change their own password by signing in, not by a reset.");
        UserService.RequirePassword(temporaryPassword);
        await accounts.SetPassword(before.UserName, temporaryPassword!, mustChange: true);
        sessions.Close(before.UserName);
        await audit.Record(actor, AdminAudit.Users, before.UserName, "reset-password", UserSummary.Of(before), UserSummary.Of(before with { MustChangePassword = true }));
    }

    private static void RequireAdmin(Actor actor)
    {
        if (!actor.IsAdmin)
            throw ConsultException.Forbidden("Only administrators manage users.");
    }

    private async Task<UserRecord> Existing(string userName) =>
        UserNames.Problem(userName) is null && await accounts.Find(userName, fresh: true) is { } user
            ? user
            : throw ConsultException.NotFound("No such user.");
}
