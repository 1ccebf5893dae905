using System.Collections.Immutable;

namespace Consult.Realtime;

/// <summary>
/// Who is present for one department of a room, sent whenever that changes. Not an event: it
/// has no <c>seq</c>, is not stored, and a client that missed one reads the room again.
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.seat-presence")]
public sealed record SeatPresence(
    [property: Id(0)] Guid RoomId,
    [property: Id(1)] string Department,
    [property: Id(2)] ImmutableArray<string> Present);
