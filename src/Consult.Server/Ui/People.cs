using Microsoft.Extensions.Localization;

namespace Consult.Server.Ui;

/// <summary>
/// How a person is named on screen and in the record: by the display name recorded when they acted
/// ("综合窗口 王敏"); automatic actions as the system ("系统" / "System"); what was stored before
/// names were recorded by its user name, as it was shown then.
/// </summary>
public static class People
{
    /// <summary>The actor of automatic actions: the room's clock, deemed consents, the case's own steps.</summary>
    public const string System = Consult.Rooms.RoomClock.System;

    public static string Name(string userName, string? displayName, string systemName) =>
        !string.IsNullOrWhiteSpace(displayName) ? displayName
        : userName == System ? systemName
        : userName;

    /// <summary>Also the applicant, who acts through the tracking link (a supplement, a rating), by that role: "申请人" / "Applicant".</summary>
    public static string Name(string userName, string? displayName, IStringLocalizer localizer) =>
        string.IsNullOrWhiteSpace(displayName) && userName == Consult.Common.Actor.Applicant.UserName
            ? localizer["Person_Applicant"]
            : Name(userName, displayName, localizer["Person_System"]);
}
