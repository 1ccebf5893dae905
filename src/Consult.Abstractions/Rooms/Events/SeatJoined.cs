namespace Consult.Rooms.Events;

/// <summary>Payload of <see cref="RoomEventTypes.SeatJoined"/>: the department's first representative came.</summary>
public sealed record SeatJoined(string Department, SeatStatus Status);
