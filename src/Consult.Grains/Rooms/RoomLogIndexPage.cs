namespace Consult.Rooms;

/// <summary>
/// One page of a room's log index: where each of <see cref="RoomLog.PageChunks"/> consecutive
/// sealed chunks ends, and the idempotency keys of their events as hashes. A room's activation
/// reads these pages instead of its chunks, so it knows where every event is and which keys were
/// used without holding the events.
/// </summary>
[GenerateSerializer, Alias("consult.room-grain.log-index-page")]
public sealed class RoomLogIndexPage
{
    /// <summary>The last seq of each chunk of the page, in chunk order.</summary>
    [Id(0)] public List<long> ChunkEnds { get; set; } = [];
    /// <summary>The hash of each key (<see cref="RoomLog.KeyHash"/>), with <see cref="KeySeqs"/> at the same index.</summary>
    [Id(1)] public List<ulong> KeyHashes { get; set; } = [];
    [Id(2)] public List<long> KeySeqs { get; set; } = [];
}
