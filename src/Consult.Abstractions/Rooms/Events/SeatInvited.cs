namespace Consult.Rooms.Events;

/// <summary>Payload of <see cref="RoomEventTypes.SeatInvited"/>: a department added mid-session.</summary>
public sealed record SeatInvited(string Department, SeatRole Role, JointOutcome JointOutcome);
