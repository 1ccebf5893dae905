namespace Consult.Rooms.Events;

/// <summary>Payload of <see cref="RoomEventTypes.CallJoined"/>: the event's actor joined the room's call with one connection.</summary>
public sealed record CallJoined(string ConnectionId, string? Department);
