namespace Consult.Rooms.Events;

/// <summary>Payload of <see cref="RoomEventTypes.MessagePosted"/>.</summary>
public sealed record MessagePosted(string Text, string ClientMessageId, string? Department, string Role);
