namespace Consult.Rooms.Events;

/// <summary>Payload of <see cref="RoomEventTypes.CardIssued"/>.</summary>
public sealed record CardIssued(string? Department, CardLevel Level, string Reason);
