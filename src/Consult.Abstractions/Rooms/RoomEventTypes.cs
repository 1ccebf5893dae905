namespace Consult.Rooms;

/// <summary>The <see cref="RoomEvent.Type"/> values.</summary>
public static class RoomEventTypes
{
    public const string RoomOpened = "roomOpened";
    public const string SeatInvited = "seatInvited";
    public const string SeatJoined = "seatJoined";
    /// <summary>
    /// A person's first connection to the room opened, or their last one closed. Only in logs stored
    /// before presence became an unsequenced notification (<c>Presence</c> on the hub); still replayed.
    /// </summary>
    public const string PresenceChanged = "presenceChanged";
    public const string DecisionCast = "decisionCast";
    public const string MessagePosted = "messagePosted";
    public const string DeadlineExtended = "deadlineExtended";
    public const string RoomClosed = "roomClosed";
}
