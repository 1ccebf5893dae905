using System.Collections.Immutable;
using Consult.Cases;
using Consult.Common;
using Consult.Notifications;
using Consult.Server.Auth;

namespace Consult.Server.Notifications;

/// <summary>
/// Notification settings and delivery logs for the API and the UI: administrators read and change
/// settings; staff read a case's delivery log.
/// </summary>
public sealed class NotificationAdmin(IGrainFactory grains, UserService accounts, Admin.AdminAudit audit)
{
    private INotificationSettingsGrain Settings => grains.GetGrain<INotificationSettingsGrain>(0);

    public Task<NotificationSettings> GetDepartment(Actor actor, string department)
    {
        RequireAdmin(actor);
        return Settings.GetDepartment(department);
    }

    public async Task<NotificationSettings> PutDepartment(Actor actor, string department, NotificationSettings settings)
    {
        RequireAdmin(actor);
        var before = await Settings.GetDepartment(department);
        var after = await Settings.PutDepartment(department, settings);
        await audit.Record(actor, Admin.AdminAudit.Notifications, $"department:{department}", "edit", before, after);
        return after;
    }

    public async Task<UserNotificationSettings> GetUser(Actor actor, string userName)
    {
        RequireAdmin(actor);
        var user = await Existing(userName);
        return await Settings.GetUser(user.UserName) ?? new UserNotificationSettings(user.UserName, user.Department, NotificationSettings.None, user.Phone);
    }

    public async Task<UserNotificationSettings> PutUser(Actor actor, string userName, NotificationSettings settings)
    {
        RequireAdmin(actor);
        var user = await Existing(userName);
        // The department is the account's: a person hears of their own department's rooms.
        var before = await Settings.GetUser(user.UserName);
        var after = await Settings.PutUser(new UserNotificationSettings(user.UserName, user.Department, settings, user.Phone));
        await audit.Record(actor, Admin.AdminAudit.Notifications, $"user:{user.UserName}", "edit", before?.Settings, after.Settings);
        return after;
    }

    /// <summary>
    /// The case's delivery log, newest first, for staff (window, manager, admin): it names every
    /// recipient, other departments' addresses among them, so a department's representative does not read it.
    /// </summary>
    public async Task<ImmutableArray<NotificationDelivery>> CaseLog(Actor actor, Guid caseId)
    {
        await grains.GetGrain<ICaseGrain>(caseId).EnsureCanRead(actor);
        if (!actor.IsStaff)
            throw ConsultException.Forbidden("Only staff read a case's notifications.");
        var log = await grains.GetGrain<ICaseNotificationsGrain>(caseId).GetLog();
        return [.. log.OrderByDescending(d => d.CreatedAt).ThenBy(d => d.Channel, StringComparer.Ordinal).ThenBy(d => d.Recipient, StringComparer.Ordinal)];
    }

    private async Task<Users.UserRecord> Existing(string userName)
    {
        if (UserNames.Problem(userName) is not null || await accounts.Find(userName, fresh: true) is not { } user)
            throw ConsultException.NotFound($"No user '{userName}'.");
        return user;
    }

    private static void RequireAdmin(Actor actor)
    {
        if (!actor.IsAdmin)
            throw ConsultException.Forbidden("Only administrators manage notification settings.");
    }
}
