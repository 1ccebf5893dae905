namespace Consult.Rooms;

/// <summary>What a room's log holds in memory, and what it has read since its activation.</summary>
[GenerateSerializer, Immutable, Alias("consult.room-grain.log-stats")]
public sealed record RoomLogStats(
    [property: Id(0)] long Seq,
    [property: Id(1)] int TailEvents,
    [property: Id(2)] int CachedChunks,
    [property: Id(3)] int CachedEvents,
    [property: Id(4)] int Chunks,
    [property: Id(5)] int IndexedKeys,
    [property: Id(6)] long ChunkReads,
    [property: Id(7)] long IndexPageReads);
