using System.Collections.Immutable;
using Consult.Hosting;
using Microsoft.Extensions.Logging;

namespace Consult.Rooms;

/// <summary>
/// A room's event log. Only the unsealed tail is held in memory; every <see cref="ChunkSize"/>
/// events written in the room's state are sealed into a <see cref="RoomLogChunk"/> row (written
/// once), and older chunks are read on demand into a cache of at most <see cref="CacheChunks"/>.
/// Where each chunk ends and which idempotency keys were used (as 64-bit hashes) is kept in
/// <see cref="RoomLogIndexPage"/> rows, read at activation: a compact index, ~12 bytes per key.
/// </summary>
/// <remarks>
/// A key found in the index is confirmed against the event's stored key (read on demand), so a
/// hash collision never answers another command's result; it only makes the newer key the one
/// the index remembers for that hash.
/// </remarks>
public sealed partial class RoomLog(Guid roomId, ISideRows rows, ILogger logger)
{
    /// <summary>Events per sealed chunk of the log.</summary>
    public const int ChunkSize = 8;
    /// <summary>Chunks per index page.</summary>
    public const int PageChunks = 64;
    /// <summary>Chunks kept in memory after they were read.</summary>
    public const int CacheChunks = 16;

    private readonly List<RoomEvent> _tail = [];
    private readonly Dictionary<long, string> _tailKeys = [];
    private readonly Dictionary<long, ulong> _tailHashes = [];
    private readonly List<long> _chunkEnds = [];
    private readonly Dictionary<ulong, long> _keys = [];
    private readonly Dictionary<int, RoomLogChunk> _cache = [];
    private readonly LinkedList<int> _recent = new();
    // The last index page as stored (with its version); null when it must be read again first.
    private GrainState<RoomLogIndexPage>? _page;
    private long _durable;
    private long _chunkReads;
    private long _pageReads;

    /// <summary>The last event's seq (0 when empty).</summary>
    public long Count => Sealed + _tail.Count;

    /// <summary>Events in durable chunks.</summary>
    public long Sealed => _chunkEnds.Count == 0 ? 0 : _chunkEnds[^1];

    public RoomLogStats Stats => new(
        Count, _tail.Count, _cache.Count, _cache.Values.Sum(c => c.Events.Count), _chunkEnds.Count, _keys.Count, _chunkReads, _pageReads);

    private static string ChunkName(int index) => SideRows.Name(StateNames.RoomLog, index);

    private static string PageName(int index) => SideRows.Name(StateNames.RoomLogIndex, index);

    /// <summary>The stable hash a key is indexed under: per seat for decisions (two departments may use the same key).</summary>
    public static ulong KeyHash(string type, string key, string? department)
    {
        // FNV-1a over the UTF-16 code units: stable across processes, unlike string.GetHashCode.
        var hash = 14695981039346656037UL;
        foreach (var part in (ReadOnlySpan<string>)[type, "\u001f", department ?? "", "\u001f", key])
        {
            foreach (var c in part)
            {
                hash ^= c;
                hash *= 1099511628211UL;
            }
        }

        return hash;
    }

    /// <summary>
    /// Reads the index pages and takes the state's tail. A room stored before the index existed
    /// has its chunks read once, one at a time, and its index written.
    /// </summary>
    public async Task Load(RoomState state)
    {
        _tail.Clear();
        _tailKeys.Clear();
        _tailHashes.Clear();
        _chunkEnds.Clear();
        _keys.Clear();
        _cache.Clear();
        _recent.Clear();
        _page = null;
        for (var index = 0; ; index++)
        {
            var page = await rows.Read<RoomLogIndexPage>(PageName(index));
            _pageReads++;
            if (page is null)
                break;
            TakePage(page.State!);
            _page = page;
        }

        if (_page is null)
            await BuildIndex();

        foreach (var stored in state.Events)
        {
            if (stored.Seq <= Count)
                continue;
            if (stored.Seq != Count + 1)
                throw new InvalidOperationException($"Room {roomId}: its stored log jumps from seq {Count} to {stored.Seq}.");
            AddToTail(stored, state.TailKeys.GetValueOrDefault(stored.Seq));
        }

        _durable = Count;
    }

    private void TakePage(RoomLogIndexPage page)
    {
        _chunkEnds.AddRange(page.ChunkEnds);
        for (var i = 0; i < page.KeyHashes.Count; i++)
            _keys[page.KeyHashes[i]] = page.KeySeqs[i];
    }

    /// <summary>Indexes the chunks of a room stored before the index (of any chunk size), then writes the index, page 0 last.</summary>
    private async Task BuildIndex()
    {
        var pages = new List<RoomLogIndexPage>();
        for (var index = 0; ; index++)
        {
            var chunk = await ReadChunkRow(index);
            if (chunk is null)
                break;
            var first = Sealed + 1;
            if (chunk.Events.Count == 0 || chunk.Events[0].Seq != first || chunk.Events[^1].Seq != first + chunk.Events.Count - 1)
                throw new InvalidOperationException($"Room {roomId}: its log chunk {index} does not follow seq {first - 1}.");
            if (index % PageChunks == 0)
                pages.Add(new RoomLogIndexPage());
            AddToPage(pages[^1], chunk);
            _chunkEnds.Add(chunk.Events[^1].Seq);
        }

        if (pages.Count == 0)
            return;
        _chunkEnds.Clear();
        foreach (var page in pages)
            TakePage(page);
        try
        {
            for (var index = pages.Count - 1; index >= 0; index--)
            {
                // A migration cut short earlier may have written this page: overwrite it.
                var row = await rows.Read<RoomLogIndexPage>(PageName(index)) ?? new GrainState<RoomLogIndexPage>(new RoomLogIndexPage());
                row.State = pages[index];
                await rows.Write(PageName(index), row);
                if (index == pages.Count - 1)
                    _page = row;
            }
        }
        catch (Exception e)
        {
            // Served from what was read; the next activation indexes again.
            LogIndexFailed(logger, e, roomId);
            _page = null;
        }
    }

    private static void AddToPage(RoomLogIndexPage page, RoomLogChunk chunk)
    {
        page.ChunkEnds.Add(chunk.Events[^1].Seq);
        foreach (var roomEvent in chunk.Events)
        {
            if (chunk.Keys.TryGetValue(roomEvent.Seq, out var key))
            {
                page.KeyHashes.Add(HashOf(roomEvent, key));
                page.KeySeqs.Add(roomEvent.Seq);
            }
        }
    }

    private static ulong HashOf(RoomEvent roomEvent, string key, string? department = null) =>
        KeyHash(roomEvent.Type, key, roomEvent.Type == RoomEventTypes.DecisionCast ? department ?? DecisionRules.DepartmentOf(roomEvent) : null);

    /// <summary>
    /// Adds an event (not yet persisted); <paramref name="key"/> makes its command idempotent
    /// (within <paramref name="department"/>'s seat, for a decision).
    /// </summary>
    public RoomEvent Append(string actor, string type, string payload, DateTimeOffset at, string? key = null, string? department = null, string? actorName = null)
    {
        var added = new RoomEvent(roomId, Count + 1, at, actor, type, payload, actorName);
        AddToTail(added, key, department);
        return added;
    }

    private void AddToTail(RoomEvent roomEvent, string? key, string? department = null)
    {
        _tail.Add(roomEvent);
        if (key is null)
            return;
        var hash = HashOf(roomEvent, key, department);
        _tailKeys[roomEvent.Seq] = key;
        _tailHashes[roomEvent.Seq] = hash;
        _keys[hash] = roomEvent.Seq;
    }

    /// <summary>The decision recorded in <paramref name="department"/>'s seat under <paramref name="key"/>, if any.</summary>
    public async Task<RoomEvent?> FindDecision(string department, string key)
    {
        var found = await Find(KeyHash(RoomEventTypes.DecisionCast, key, department), key);
        return found is { Type: RoomEventTypes.DecisionCast } && DecisionRules.DepartmentOf(found) == department ? found : null;
    }

    /// <summary>The message recorded under <paramref name="key"/> (author and client message id), if any.</summary>
    public async Task<RoomEvent?> FindMessage(string key)
    {
        var found = await Find(KeyHash(RoomEventTypes.MessagePosted, key, null), key);
        return found is { Type: RoomEventTypes.MessagePosted } ? found : null;
    }

    private async Task<RoomEvent?> Find(ulong hash, string key)
    {
        if (!_keys.TryGetValue(hash, out var seq) || seq > Count)
            return null;
        if (seq > Sealed)
            return _tailKeys.GetValueOrDefault(seq) == key ? _tail[(int)(seq - Sealed - 1)] : null;
        var chunk = await Chunk(ChunkOf(seq));
        return chunk.Keys.GetValueOrDefault(seq) == key ? chunk.Events[(int)(seq - chunk.Events[0].Seq)] : null;
    }

    /// <summary>The events after <paramref name="afterSeq"/>, at most <paramref name="limit"/>, in order; older ones read on demand.</summary>
    public async Task<ImmutableArray<RoomEvent>> After(long afterSeq, int limit)
    {
        var last = Math.Min(Count, afterSeq + Math.Max(0, limit));
        if (afterSeq < 0 || afterSeq >= last)
            return [];
        var events = ImmutableArray.CreateBuilder<RoomEvent>((int)(last - afterSeq));
        var seq = afterSeq + 1;
        while (seq <= last && seq <= Sealed)
        {
            var chunk = await Chunk(ChunkOf(seq));
            var from = (int)(seq - chunk.Events[0].Seq);
            var to = (int)Math.Min(chunk.Events.Count, last - chunk.Events[0].Seq + 1);
            for (var i = from; i < to; i++)
                events.Add(chunk.Events[i]);
            seq = chunk.Events[0].Seq + to;
        }

        for (; seq <= last; seq++)
            events.Add(_tail[(int)(seq - Sealed - 1)]);
        return events.MoveToImmutable();
    }

    /// <summary>The at most <paramref name="limit"/> events before <paramref name="beforeSeq"/> (past the end: the newest), in order.</summary>
    public Task<ImmutableArray<RoomEvent>> Before(long beforeSeq, int limit)
    {
        var end = Math.Min(beforeSeq, Count + 1);
        var after = Math.Max(0, end - 1 - Math.Max(0, limit));
        return After(after, (int)(end - 1 - after));
    }

    /// <summary>The chunk holding <paramref name="seq"/> (a sealed one).</summary>
    private int ChunkOf(long seq)
    {
        var index = _chunkEnds.BinarySearch(seq);
        return index >= 0 ? index : ~index;
    }

    private async Task<RoomLogChunk> Chunk(int index)
    {
        if (_cache.TryGetValue(index, out var cached))
        {
            _recent.Remove(index);
            _recent.AddFirst(index);
            return cached;
        }

        var chunk = await ReadChunkRow(index)
            ?? throw new InvalidOperationException($"Room {roomId}: its log chunk {index} is missing.");
        var first = index == 0 ? 1 : _chunkEnds[index - 1] + 1;
        if (chunk.Events.Count == 0 || chunk.Events[0].Seq != first || chunk.Events[^1].Seq != _chunkEnds[index])
            throw new InvalidOperationException($"Room {roomId}: its log chunk {index} does not hold seq {first} to {_chunkEnds[index]}.");
        Cache(index, chunk);
        return chunk;
    }

    private async Task<RoomLogChunk?> ReadChunkRow(int index)
    {
        _chunkReads++;
        return (await rows.Read<RoomLogChunk>(ChunkName(index)))?.State;
    }

    private void Cache(int index, RoomLogChunk chunk)
    {
        _cache[index] = chunk;
        _recent.AddFirst(index);
        while (_cache.Count > CacheChunks)
        {
            _cache.Remove(_recent.Last!.Value);
            _recent.RemoveLast();
        }
    }
}
