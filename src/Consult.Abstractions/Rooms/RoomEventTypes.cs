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
    /// <summary>A scheduled room reached its start and is open for decisions.</summary>
    public const string Started = "started";
    /// <summary>Seats were reminded (催办): before a scheduled start, at a fraction of the limit, or by the convener.</summary>
    public const string ReminderSent = "reminderSent";
    /// <summary>A supervision card (电子监察): yellow at a share of the limit, red at the deadline.</summary>
    public const string CardIssued = "cardIssued";
    /// <summary>The room's deadline passed with seats undecided.</summary>
    public const string DeadlinePassed = "deadlinePassed";
    /// <summary>The case has a new version of a material: decisions cast on an older one are stale.</summary>
    public const string MaterialsUpdated = "materialsUpdated";
    /// <summary>A person joined the room's call (one connection); nothing of the media is recorded.</summary>
    public const string CallJoined = "callJoined";
    /// <summary>A connection left the room's call (left, disconnected, or the room closed).</summary>
    public const string CallLeft = "callLeft";
    /// <summary>The convener set, changed or removed the room's external meeting link.</summary>
    public const string MeetingLinkChanged = "meetingLinkChanged";
}
