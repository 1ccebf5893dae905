namespace Consult.Rooms.Events;

/// <summary>The <see cref="CallLeft.Reason"/> values.</summary>
public static class CallLeftReasons
{
    public const string Left = "left";
    public const string Disconnected = "disconnected";
    public const string RoomClosed = "roomClosed";
    /// <summary>The applicant's call ended because the convener withdrew the permission.</summary>
    public const string NotAllowed = "notAllowed";
}
