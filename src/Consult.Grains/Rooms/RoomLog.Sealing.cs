using Microsoft.Extensions.Logging;

namespace Consult.Rooms;

/// <summary>The log's writing side: the tail in the room's state, and sealing it into chunks and index pages.</summary>
public sealed partial class RoomLog
{
    /// <summary>Puts the tail in the state about to be written: the events after the sealed ones, with their keys.</summary>
    /// <remarks>
    /// Into the state's own list and dictionary, not copies: the store serialises the state before
    /// its write returns to the room, and nothing else holds them (copies made anew for every write
    /// were about 2 % of a node's allocation in S2).
    /// </remarks>
    public void WriteTail(RoomState state)
    {
        state.SealedCount = Sealed;
        state.Events.Clear();
        state.Events.AddRange(_tail);
        state.TailKeys.Clear();
        foreach (var (seq, key) in _tailKeys)
            state.TailKeys[seq] = key;
    }

    /// <summary>The state carrying the tail was written: its events are durable.</summary>
    public void Written() => _durable = Count;

    /// <summary>
    /// When <see cref="ChunkSize"/> durable events wait in the tail, writes them as the next chunk
    /// and adds it to the index, beside the state write; the tail drops them once both are
    /// durable (the state stops carrying them on its next write). A failure is logged and sealing
    /// is tried again on the next write.
    /// </summary>
    public Task? SealIfDue() => _durable - Sealed >= ChunkSize ? Seal() : null;

    private async Task Seal()
    {
        var index = _chunkEnds.Count;
        // The chunk stays in the cache (it survives young collections): its dictionary is sized for its keys
        // (an enumeration's dictionary grew to room for 17: about 8 % of what a decision left to survive a collection).
        var chunk = new RoomLogChunk { Events = _tail.GetRange(0, ChunkSize), Keys = new Dictionary<long, string>(ChunkSize) };
        for (var i = 0; i < ChunkSize; i++)
        {
            if (_tailKeys.TryGetValue(_tail[i].Seq, out var key))
                chunk.Keys[_tail[i].Seq] = key;
        }

        try
        {
            await WriteChunk(index, chunk);
            var page = await PageFor(index);
            var entries = page.State!;
            entries.ChunkEnds.Add(chunk.Events[^1].Seq);
            foreach (var seq in chunk.Keys.Keys)
            {
                entries.KeyHashes.Add(_tailHashes[seq]);
                entries.KeySeqs.Add(seq);
            }

            try
            {
                await rows.Write(PageName(index / PageChunks), page);
            }
            catch
            {
                // The page in memory holds a chunk that may not be stored: read it again next time.
                _page = null;
                throw;
            }

            _page = page;
        }
        catch (Exception e)
        {
            LogSealFailed(logger, e, roomId, index);
            return;
        }

        _chunkEnds.Add(chunk.Events[^1].Seq);
        foreach (var seq in chunk.Keys.Keys)
        {
            _tailKeys.Remove(seq);
            _tailHashes.Remove(seq);
        }

        _tail.RemoveRange(0, ChunkSize);
        Cache(index, chunk);
    }

    /// <summary>Writes a chunk; one that an earlier attempt wrote (reported failed, or its index write failed) is taken as it is.</summary>
    private async Task WriteChunk(int index, RoomLogChunk chunk)
    {
        try
        {
            await rows.Write(ChunkName(index), new GrainState<RoomLogChunk>(chunk));
        }
        catch (Exception)
        {
            var stored = await rows.Read<RoomLogChunk>(ChunkName(index));
            if (stored?.State is not { } found || found.Events.Count != chunk.Events.Count || found.Events[0].Seq != chunk.Events[0].Seq)
                throw;
        }
    }

    /// <summary>The index page chunk <paramref name="index"/> goes in, as stored, without that chunk or any after it.</summary>
    private async Task<GrainState<RoomLogIndexPage>> PageFor(int index)
    {
        var number = index / PageChunks;
        if (index % PageChunks == 0)
            _page = null;
        var page = _page ?? await rows.Read<RoomLogIndexPage>(PageName(number)) ?? new GrainState<RoomLogIndexPage>(new RoomLogIndexPage());
        var entries = page.State ??= new RoomLogIndexPage();
        // A page written by an attempt reported as failed may already hold the chunk: take it without.
        var held = index - number * PageChunks;
        if (entries.ChunkEnds.Count > held)
        {
            var lastSeq = index == 0 ? 0 : _chunkEnds[index - 1];
            entries.ChunkEnds.RemoveRange(held, entries.ChunkEnds.Count - held);
            for (var i = entries.KeySeqs.Count - 1; i >= 0; i--)
            {
                if (entries.KeySeqs[i] > lastSeq)
                {
                    entries.KeySeqs.RemoveAt(i);
                    entries.KeyHashes.RemoveAt(i);
                }
            }
        }

        return page;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId} could not seal chunk {Index} of its log; it stays in the state and is sealed on a later write")]
    private static partial void LogSealFailed(ILogger logger, Exception exception, Guid roomId, int index);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId} could not write the index of its log; it indexes its chunks again on its next activation")]
    private static partial void LogIndexFailed(ILogger logger, Exception exception, Guid roomId);
}
