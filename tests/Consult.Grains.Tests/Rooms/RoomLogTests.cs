using Consult.Hosting;
using Consult.Rooms;
using Consult.Rooms.Events;
using Microsoft.Extensions.Logging.Abstractions;

namespace Consult.Grains.Tests.Rooms;

/// <summary>The room log over rows kept in memory: sealing, reading on demand, the bounded cache and the key index, without a cluster.</summary>
public sealed class RoomLogTests
{
    private readonly Guid _roomId = Guid.NewGuid();
    private readonly MemoryRows _rows = new();
    private readonly RoomState _state = new();

    [Fact]
    public async Task DurableEventsAreSealedInChunksAndTheTailStaysSmall()
    {
        var log = await Loaded();
        await Append(log, 100);

        Assert.Equal(100, log.Count);
        Assert.InRange(log.Stats.TailEvents, 1, 2 * RoomLog.ChunkSize);
        Assert.Equal(log.Sealed / RoomLog.ChunkSize, _rows.Names.Count(n => n.StartsWith(StateNames.RoomLog + "-", StringComparison.Ordinal)));
        Assert.Equal(_state.Events[0].Seq, log.Sealed + 1);
    }

    [Fact]
    public async Task AReloadedLogReadsOnlyItsIndexAndThenOnlyTheChunksAPageNeeds()
    {
        await Append(await Loaded(), 1000);

        var log = await Loaded();
        Assert.Equal(1000, log.Count);
        Assert.Equal(0, log.Stats.ChunkReads);
        Assert.Equal(0, log.Stats.CachedEvents);

        var page = await log.Before(log.Count + 1, 20);
        Assert.Equal(Enumerable.Range(981, 20).Select(i => (long)i), page.Select(e => e.Seq));
        Assert.InRange(log.Stats.ChunkReads, 1, 20 / RoomLog.ChunkSize + 2);

        var earlier = await log.Before(page[0].Seq, 20);
        Assert.Equal(Enumerable.Range(961, 20).Select(i => (long)i), earlier.Select(e => e.Seq));
        Assert.Equal("m-961", RoomEventPayloads.Read<MessagePosted>(earlier[0]).ClientMessageId);
    }

    [Fact]
    public async Task ReadingTheWholeLogKeepsOnlyABoundedCache()
    {
        await Append(await Loaded(), 1000);
        var log = await Loaded();

        var all = await log.After(0, int.MaxValue);

        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), all.Select(e => e.Seq));
        Assert.Equal(RoomLog.CacheChunks, log.Stats.CachedChunks);
        Assert.InRange(log.Stats.CachedEvents, 0, RoomLog.CacheChunks * RoomLog.ChunkSize);
        // Read again: the newest chunks come from the cache.
        var reads = log.Stats.ChunkReads;
        await log.Before(log.Count + 1, 40);
        Assert.Equal(reads, log.Stats.ChunkReads);
    }

    [Fact]
    public async Task KeysAreFoundInTheTailAndInSealedChunksAfterAReloadAndOnlyWithinTheirSeat()
    {
        var log = await Loaded();
        var decision = log.Append("housing", RoomEventTypes.DecisionCast, Decision("housing"), DateTimeOffset.UnixEpoch, "same-key", "housing");
        await Append(log, 500);
        var tailMessage = log.Append("a", RoomEventTypes.MessagePosted, Message("tail"), DateTimeOffset.UnixEpoch, "a\ntail");
        await Persist(log);

        var reloaded = await Loaded();
        Assert.Equal(decision.Seq, (await reloaded.FindDecision("housing", "same-key"))?.Seq);
        Assert.Null(await reloaded.FindDecision("road-admin", "same-key"));
        Assert.Equal(6, (await reloaded.FindMessage("a\nm-6"))?.Seq);
        Assert.Equal(tailMessage.Seq, (await reloaded.FindMessage("a\ntail"))?.Seq);
        Assert.Null(await reloaded.FindMessage("b\nm-6"));
        Assert.Null(await reloaded.FindMessage("a\nnever"));
    }

    [Fact]
    public async Task ALogStoredBeforeTheIndexIsIndexedOnceAndReadWhole()
    {
        await Append(await Loaded(), 300);
        foreach (var page in _rows.Names.Where(n => n.StartsWith(StateNames.RoomLogIndex + "-", StringComparison.Ordinal)).ToList())
            _rows.Remove(page);

        var migrated = await Loaded();
        Assert.Equal(300, migrated.Count);
        Assert.True(migrated.Stats.ChunkReads > 30);
        Assert.Equal("a\nm-10", (await migrated.FindMessage("a\nm-10")) is { } found ? $"a\n{RoomEventPayloads.Read<MessagePosted>(found).ClientMessageId}" : null);

        var again = await Loaded();
        Assert.Equal(0, again.Stats.ChunkReads);
        Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i), (await again.After(0, 1000)).Select(e => e.Seq));
    }

    [Fact]
    public async Task AChunkWhoseIndexWriteFailedIsSealedAgainLaterWithoutAGap()
    {
        var log = await Loaded();
        await Append(log, 20);
        _rows.FailWritesOf = StateNames.RoomLogIndex;
        await Append(log, 20);
        var stuck = log.Sealed;
        _rows.FailWritesOf = null;
        await Append(log, 20);
        Assert.True(log.Sealed > stuck);

        var reloaded = await Loaded();
        Assert.Equal(60, reloaded.Count);
        Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), (await reloaded.After(0, 100)).Select(e => e.Seq));
    }

    private async Task<RoomLog> Loaded()
    {
        var log = new RoomLog(_roomId, _rows, NullLogger.Instance);
        await log.Load(_state);
        return log;
    }

    /// <summary>Appends messages one write each, as the room does.</summary>
    private async Task Append(RoomLog log, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var seq = log.Count + 1;
            log.Append("a", RoomEventTypes.MessagePosted, Message($"m-{seq}"), DateTimeOffset.UnixEpoch, $"a\nm-{seq}");
            await Persist(log);
        }
    }

    private async Task Persist(RoomLog log)
    {
        var sealing = log.SealIfDue();
        log.WriteTail(_state);
        log.Written();
        if (sealing is not null)
            await sealing;
    }

    private static string Message(string id) => RoomEventPayloads.Write(new MessagePosted("text", id, null, "window"));

    private static string Decision(string department) =>
        RoomEventPayloads.Write(new DecisionCast(department, DecisionOutcome.Approve, null, [], 1, false, SeatStatus.Decided, JointOutcome.Pending));

    /// <summary>Side rows in a dictionary, with versions checked like a real store; writes to one series can be made to fail.</summary>
    private sealed class MemoryRows : ISideRows
    {
        private readonly Dictionary<string, (object State, int Version)> _rows = [];

        public string? FailWritesOf { get; set; }

        public IReadOnlyList<string> Names => [.. _rows.Keys];

        public void Remove(string name) => _rows.Remove(name);

        public Task<GrainState<T>?> Read<T>(string name)
            where T : new()
        {
            if (!_rows.TryGetValue(name, out var row))
                return Task.FromResult<GrainState<T>?>(null);
            var copy = Copy((T)row.State);
            return Task.FromResult<GrainState<T>?>(new GrainState<T>(copy, row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)) { RecordExists = true });
        }

        public Task Write<T>(string name, IGrainState<T> row)
        {
            if (FailWritesOf is { } failing && name.StartsWith(failing + "-", StringComparison.Ordinal))
                throw new TimeoutException($"Injected: writing {name} failed.");
            var version = _rows.TryGetValue(name, out var stored) ? stored.Version : 0;
            var expected = row.ETag is null ? 0 : int.Parse(row.ETag, System.Globalization.CultureInfo.InvariantCulture);
            if (expected != version)
                throw new InvalidOperationException($"Stale write of {name}.");
            _rows[name] = (Copy(row.State)!, version + 1);
            row.ETag = (version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        }

        // Stored rows are copies, as a real store's are: later changes to the writer's object do not reach them.
        private static T Copy<T>(T state) => System.Text.Json.JsonSerializer.Deserialize<T>(System.Text.Json.JsonSerializer.Serialize(state))!;
    }
}
