namespace Consult.Common;

/// <summary>The stable error codes of the public v1 contract (DESIGN.md).</summary>
public static class ErrorCodes
{
    public const string InvalidInput = "invalid_input";
    public const string NotFound = "not_found";
    public const string Forbidden = "forbidden";
    public const string RoomClosed = "room_closed";
    public const string NotInvited = "not_invited";
    public const string Conflict = "conflict";
    public const string Unauthorized = "unauthorized";

    /// <summary>Too many requests (429, with <c>Retry-After</c>); on the hub the same code starts the HubException's message.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>The store or a node did not answer in time (503); the command may or may not be recorded: retry it.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>The password was reset by an administrator: the person chooses a new one (<c>POST /auth/password</c>) before any token (403).</summary>
    public const string PasswordChangeRequired = "password_change_required";

    /// <summary>An SMS was asked for but no SMS gateway is configured (<c>Consult:Notifications:Sms:Url</c>); 409, nothing sent.</summary>
    public const string SmsNotConfigured = "sms_not_configured";

    /// <summary>The room's call already has the most members a mesh call carries (<c>JoinCall</c>; 409 where it has a REST form).</summary>
    public const string CallFull = "call_full";
}
