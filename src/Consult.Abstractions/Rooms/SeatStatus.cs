namespace Consult.Rooms;

public enum SeatStatus
{
    Invited,
    Joined,
    Decided,
    Recused,
}
