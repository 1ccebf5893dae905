namespace Consult.Rooms;

/// <summary>A supervision card issued in a room; <see cref="Department"/> is null for a card on the room itself.</summary>
[GenerateSerializer, Immutable, Alias("consult.room-card")]
public sealed record RoomCard(
    [property: Id(0)] string? Department,
    [property: Id(1)] CardLevel Level,
    [property: Id(2)] string Reason,
    [property: Id(3)] DateTimeOffset At);
