namespace Consult.Rooms;

public enum RoomStatus
{
    Open,
    Closed,
}
