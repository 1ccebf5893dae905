namespace Consult.Hosting;

public static class StateNames
{
    public const string Room = "room";
    /// <summary>A sealed chunk of a room's event log: <c>room-log-0</c>, <c>room-log-1</c>, …</summary>
    public const string RoomLog = "room-log";
    /// <summary>A page of a room's log index (chunk bounds and idempotency keys): <c>room-index-0</c>, …</summary>
    public const string RoomLogIndex = "room-index";
    public const string Case = "case";
    public const string CaseDay = "case-day";
    public const string Tracking = "tracking";
    public const string Department = "department";
    public const string Catalog = "catalog";
    public const string Metrics = "metrics";
    public const string User = "user";
    /// <summary>The administrators' list of accounts.</summary>
    public const string UserDirectory = "user-directory";
    /// <summary>A year of administrators' changes.</summary>
    public const string AdminAudit = "admin-audit";
    public const string Calendar = "calendar";
    public const string OverdueCases = "overdue-cases";
    /// <summary>A room's joint record, kept once made.</summary>
    public const string Record = "record";
    /// <summary>A record's hash pointing at its room, for the public verification.</summary>
    public const string RecordIndex = "record-index";
    /// <summary>A case's notifications and their deliveries.</summary>
    public const string CaseNotifications = "case-notifications";
    public const string NotificationSettings = "notification-settings";
    /// <summary>The open follow-up tasks of every case.</summary>
    public const string FollowUpIndex = "follow-up-index";
    /// <summary>The poor ratings (好差评) not yet answered, of every case.</summary>
    public const string RatingFollowUps = "rating-follow-ups";
}
