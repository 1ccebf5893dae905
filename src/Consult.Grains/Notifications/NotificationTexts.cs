using System.Globalization;
using Consult.Catalog;

namespace Consult.Notifications;

/// <summary>The Chinese subject and text of a notification (the centre's people and its applicants read Chinese).</summary>
public static class NotificationTexts
{
    public static string Subject(NotificationEvent e, CatalogSnapshot catalog) =>
        $"【一件事联办】{Title(e)} · {e.CaseNumber}";

    public static string Text(NotificationEvent e, CatalogSnapshot catalog, TimeZoneInfo zone)
    {
        var matter = catalog.Matters.FirstOrDefault(m => m.Code == e.MatterCode)?.Name.Zh ?? e.MatterCode;
        var departments = string.Join("、", e.Departments.Select(d => catalog.Departments.FirstOrDefault(x => x.Code == d)?.Name.Zh ?? d));
        var deadline = e.Deadline is { } due ? $"，截止 {Local(due, zone)}" : "";
        var meeting = e.MeetingLink is { } link ? $"外部会议链接：{link}" : "";
        return e.Type switch
        {
            NotificationTypes.Invitation => e.ScheduledAt is { } start
                ? $"请{departments}参加案件 {e.CaseNumber}（{matter}）的联合会商，会商时间 {Local(start, zone)}{deadline}。{meeting}"
                : $"请{departments}参加案件 {e.CaseNumber}（{matter}）的联合会商{deadline}。{meeting}",
            NotificationTypes.Reminder => $"催办：案件 {e.CaseNumber}（{matter}）尚待{departments}表态{deadline}。",
            NotificationTypes.Card => $"{departments}就案件 {e.CaseNumber}（{matter}）收到{e.Detail}。",
            NotificationTypes.RoomClosed => $"案件 {e.CaseNumber}（{matter}）的联合会商已结束：{e.Detail}。",
            NotificationTypes.SupplementRequested => $"您的申请 {e.CaseNumber}（{matter}）需要补充材料，请通过办件链接查看并提交。",
            NotificationTypes.CaseDecided => $"您的申请 {e.CaseNumber}（{matter}）已办结：{e.Detail}。",
            NotificationTypes.TrackingLink => $"您的申请 {e.CaseNumber}（{matter}）已受理，办理进度请查看：{e.Detail}",
            NotificationTypes.MeetingLinkChanged => e.MeetingLink is { } changed
                ? $"案件 {e.CaseNumber}（{matter}）的联合会商外部会议链接已变更{deadline}。外部会议链接：{changed}"
                : $"案件 {e.CaseNumber}（{matter}）的联合会商已取消外部会议链接，请在会商室内加入视频通话{deadline}。",
            NotificationTypes.TaskDue => $"案件 {e.CaseNumber}（{matter}）的后续任务到期：{e.Detail}。",
            _ => $"案件 {e.CaseNumber}（{matter}）：{e.Type}。",
        };
    }

    public static string Outcome(Rooms.JointOutcome outcome) => outcome switch
    {
        Rooms.JointOutcome.Approved => "同意",
        Rooms.JointOutcome.ApprovedWithConditions => "附条件同意",
        Rooms.JointOutcome.Rejected => "不同意",
        Rooms.JointOutcome.SupplementRequired => "需补充材料",
        _ => "待定",
    };

    private static string Title(NotificationEvent e) => e.Type switch
    {
        NotificationTypes.Invitation => "会商邀请",
        NotificationTypes.Reminder => "催办提醒",
        NotificationTypes.Card => "督办亮牌",
        NotificationTypes.RoomClosed => "会商结束",
        NotificationTypes.SupplementRequested => "请补充材料",
        NotificationTypes.CaseDecided => "办结通知",
        NotificationTypes.TaskDue => "任务到期",
        NotificationTypes.MeetingLinkChanged => "会议链接变更",
        NotificationTypes.TrackingLink => "办件查询链接",
        _ => "通知",
    };

    private static string Local(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
