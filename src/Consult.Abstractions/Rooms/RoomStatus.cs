namespace Consult.Rooms;

public enum RoomStatus
{
    Open,
    Closed,
    /// <summary>Opened with a future <c>scheduledAt</c>: seats are invited, nothing is decided until the <c>started</c> event.</summary>
    Scheduled,
}
