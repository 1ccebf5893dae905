namespace Consult.Rooms.Events;

/// <summary>The <see cref="CallLeft.Reason"/> values.</summary>
public static class CallLeftReasons
{
    public const string Left = "left";
    public const string Disconnected = "disconnected";
    public const string RoomClosed = "roomClosed";
}
