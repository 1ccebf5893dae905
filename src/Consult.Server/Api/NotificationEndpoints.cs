using System.Collections.Immutable;
using Consult.Notifications;
using Consult.Server.ApiReference;
using Consult.Server.Auth;
using Consult.Server.Notifications;

namespace Consult.Server.Api;

/// <summary>Notification settings (administrators) and a case's delivery log.</summary>
public static class NotificationEndpoints
{
    public static void MapNotificationEndpoints(this RouteGroupBuilder api)
    {
        var settings = api.MapGroup("/notification-settings").RequireAuthorization().WithTags("Notifications");

        settings.MapGet("/departments/{code}", (string code, HttpContext http, NotificationAdmin admin) =>
            admin.GetDepartment(http.User.ToActor(), code))
            .WithName("GetDepartmentNotificationSettings").WithSummary("A department's notification channels and types (administrators)").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        settings.MapPut("/departments/{code}", (string code, NotificationSettingsRequest request, HttpContext http, NotificationAdmin admin) =>
            admin.PutDepartment(http.User.ToActor(), code, request.ToSettings()))
            .WithName("PutDepartmentNotificationSettings").WithSummary("Set a department's notification channels and types (administrators)").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        settings.MapGet("/users/{userName}", (string userName, HttpContext http, NotificationAdmin admin) =>
            admin.GetUser(http.User.ToActor(), userName))
            .WithName("GetUserNotificationSettings").WithSummary("A user's notification channels and types (administrators)").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        settings.MapPut("/users/{userName}", (string userName, NotificationSettingsRequest request, HttpContext http, NotificationAdmin admin) =>
            admin.PutUser(http.User.ToActor(), userName, request.ToSettings()))
            .WithName("PutUserNotificationSettings").WithSummary("Set a user's notification channels and types (administrators)").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        api.MapGet("/cases/{caseId:guid}/notifications", (Guid caseId, HttpContext http, NotificationAdmin admin) =>
            admin.CaseLog(http.User.ToActor(), caseId)).RequireAuthorization().WithTags("Notifications")
            .WithName("ListCaseNotifications").WithSummary("The case's notification deliveries").Refuses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
    }
}

/// <summary>The body of a settings PUT; a list left out is empty.</summary>
public sealed record NotificationSettingsRequest(string[]? Channels = null, string[]? Types = null, string[]? Emails = null, string[]? Mobiles = null)
{
    public NotificationSettings ToSettings() => new(
        [.. Channels ?? []], [.. Types ?? []], [.. Emails ?? []], [.. Mobiles ?? []]);
}
