namespace Consult.Rooms.Events;

/// <summary>Payload of <see cref="RoomEventTypes.PresenceChanged"/>: a person's first connection opened or their last closed.</summary>
public sealed record PresenceChanged(string UserName, string? Department, bool Connected, int Connections);
