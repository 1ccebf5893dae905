using System.Diagnostics;
using Consult.Common;
using Consult.Grains.Tests.Fixtures;
using Consult.Realtime;
using Consult.Rooms;
using Xunit.Abstractions;

namespace Consult.Grains.Tests.Rooms;

/// <summary>A room with a long log holds its tail and a bounded cache, and reads only what is asked for.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LongRoomTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private const int Messages = 10_000;

    [Fact]
    public async Task ARoomWithTenThousandEventsHoldsItsTailAndABoundedCacheAndOpensReadingOnePage()
    {
        var (_, room, opened) = await Scenario.OpenRoom(fixture.Grains, ("road-admin", SeatRole.Required), ("housing", SeatRole.Required));
        var early = Scenario.Decision("housing", DecisionOutcome.Approve);
        await room.CastDecision(Actors.Rep("housing"), early);
        var clock = Stopwatch.StartNew();
        for (var batch = 0; batch < Messages / 100; batch++)
            await Task.WhenAll(Enumerable.Range(batch * 100, 100).Select(i => room.PostMessage(Actors.Rep("road-admin"), new ChatMessage($"意见 {i}：同意按方案施工", $"m-{i}"))));
        var written = await room.Get(Actors.Manager);
        output.WriteLine($"{Messages} messages posted in {clock.Elapsed.TotalSeconds:F1} s; the room is at seq {written.Seq}");
        Assert.True(written.Seq > Messages);
        var diagnostics = fixture.Grains.GetGrain<IRoomLogDiagnostics>(room.GetPrimaryKey());
        var warm = await diagnostics.GetLogStats();
        AssertBounded(warm);

        await fixture.Cluster.DeactivateAsync(room);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        // Opening a board: the snapshot and the newest page of the discussion.
        var activated = await diagnostics.GetLogStats();
        var snapshot = await room.Get(Actors.Rep("road-admin"));
        var page = await room.GetEventsBefore(Actors.Rep("road-admin"), snapshot.Seq + 1, 50);
        var open = await diagnostics.GetLogStats();
        var after = GC.GetTotalMemory(forceFullCollection: true);

        Assert.Equal(written.Seq, snapshot.Seq);
        Assert.Equal(Enumerable.Range((int)snapshot.Seq - 49, 50).Select(i => (long)i), page.Select(e => e.Seq));
        Assert.Equal(0, activated.ChunkReads);
        Assert.InRange(open.ChunkReads, 1, 50 / RoomLog.ChunkSize + 2);
        // Activation reads the index pages (and the one after the last, to find it missing), no chunk.
        Assert.Equal((open.Chunks + RoomLog.PageChunks - 1) / RoomLog.PageChunks + 1, open.IndexPageReads);
        AssertBounded(open);

        // Resync from the start reads every chunk on demand and still holds only the cache.
        var all = await room.GetEvents(Actors.Manager, 0);
        Assert.Equal(Enumerable.Range(1, (int)snapshot.Seq).Select(i => (long)i), all.Select(e => e.Seq));
        var resynced = await diagnostics.GetLogStats();
        AssertBounded(resynced);
        var holdingAll = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(all);

        output.WriteLine($"log: {open.Chunks} chunks, {open.IndexedKeys} keys indexed, {open.IndexPageReads} index pages read at activation");
        output.WriteLine($"opening: {open.ChunkReads} chunk reads; holds {open.TailEvents} tail events + {open.CachedEvents} cached in {open.CachedChunks} chunks");
        output.WriteLine($"after a resync from 0: {resynced.ChunkReads} chunk reads; holds {resynced.TailEvents} tail + {resynced.CachedEvents} cached");
        output.WriteLine($"managed heap: +{(after - before) / 1024} KiB for the reactivated room opened; the {all.Length} events themselves take +{(holdingAll - after) / 1024} KiB");
        // Measured, not only counted: the reactivated room costs well under the log it no longer holds.
        Assert.True(after - before < (holdingAll - after) / 4, $"room +{after - before} B, whole log {holdingAll - after} B");
    }

    [Fact]
    public async Task KeysOfOldEventsStillDedupeAfterReactivation()
    {
        var (_, room, _) = await Scenario.OpenRoom(fixture.Grains, ("road-admin", SeatRole.Required), ("housing", SeatRole.Required));
        var decision = Scenario.Decision("housing", DecisionOutcome.Approve);
        var decided = await room.CastDecision(Actors.Rep("housing"), decision);
        var first = await room.PostMessage(Actors.Rep("road-admin"), new ChatMessage("最早的一条", "m-first"));
        for (var batch = 0; batch < 10; batch++)
            await Task.WhenAll(Enumerable.Range(batch * 50, 50).Select(i => room.PostMessage(Actors.Rep("road-admin"), new ChatMessage($"消息 {i}", $"m-{i}"))));
        await fixture.Cluster.DeactivateAsync(room);

        var seq = (await room.Get(Actors.Manager)).Seq;
        var again = await room.PostMessage(Actors.Rep("road-admin"), new ChatMessage("最早的一条", "m-first"));
        Assert.Equal(first.Seq, again.Seq);
        var resent = await room.CastDecision(Actors.Rep("housing"), decision);
        Assert.Equal(seq, resent.Seq);
        var conflict = await Assert.ThrowsAsync<ConsultException>(() => room.CastDecision(Actors.Rep("housing"), decision with { Outcome = DecisionOutcome.Recuse, Comment = "回避" }));
        Assert.Equal(ErrorCodes.Conflict, conflict.Code);
        // Another author's message with the same client id is another message.
        var other = await room.PostMessage(Actors.Window, new ChatMessage("窗口", "m-first"));
        Assert.Equal(seq + 1, other.Seq);
        Assert.True(decided.Seq < first.Seq);
        var stats = await fixture.Grains.GetGrain<IRoomLogDiagnostics>(room.GetPrimaryKey()).GetLogStats();
        AssertBounded(stats);
    }

    [Fact]
    public async Task ConnectingAndDisconnectingAppendsNoEventAndWritesNothing()
    {
        var (_, room, _) = await Scenario.OpenRoom(fixture.Grains, ("road-admin", SeatRole.Required));
        var relay = new RecordingRelay();
        var reference = fixture.Grains.CreateObjectReference<IRoomRelay>(relay);
        await room.Watch("node-a", reference, []);
        var first = await room.Connect(Actors.Rep("road-admin"), "node-a", "c-1");
        Assert.Equal(SeatStatus.Joined, first.Seats[0].Status);
        await room.Disconnect("node-a", "c-1");
        var writes = fixture.Faults.WritesOf(room.GetGrainId());

        for (var i = 0; i < 5; i++)
        {
            var snapshot = await room.Connect(Actors.Rep("road-admin"), "node-a", $"c-{i + 2}");
            Assert.Equal(first.Seq, snapshot.Seq);
            Assert.Equal(["road-admin"], snapshot.Seats[0].Present.ToArray());
            await room.Disconnect("node-a", $"c-{i + 2}");
        }

        await room.Watch("node-a", reference, [new PresenceEntry("c-9", "road-admin", "road-admin")]);
        await room.Unwatch("node-a");
        Assert.Equal(first.Seq, (await room.Get(Actors.Manager)).Seq);
        Assert.Equal(writes, fixture.Faults.WritesOf(room.GetGrainId()));
        Assert.Empty((await room.Get(Actors.Manager)).Seats[0].Present);
        // The relay heard each arrival and departure (not its own unwatch: it is gone by then).
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (relay.Presence.Count < 13 && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.Equal(13, relay.Presence.Count);
        // One-way notifications may arrive out of order; what they said is counted instead.
        Assert.Equal(7, relay.Presence.Count(p => p.Present.SequenceEqual(["road-admin"])));
        Assert.Equal(6, relay.Presence.Count(p => p.Present.IsEmpty));
        fixture.Grains.DeleteObjectReference<IRoomRelay>(reference);
    }

    private static void AssertBounded(RoomLogStats stats)
    {
        Assert.InRange(stats.TailEvents, 0, 2 * RoomLog.ChunkSize);
        Assert.InRange(stats.CachedChunks, 0, RoomLog.CacheChunks);
        Assert.InRange(stats.CachedEvents, 0, RoomLog.CacheChunks * RoomLog.ChunkSize);
    }

    private sealed class RecordingRelay : IRoomRelay
    {
        private readonly List<SeatPresence> _presence = [];

        public List<SeatPresence> Presence
        {
            get
            {
                lock (_presence)
                    return [.. _presence];
            }
        }

        public Task OnPresence(SeatPresence presence)
        {
            lock (_presence)
                _presence.Add(presence);
            return Task.CompletedTask;
        }

        public Task OnRoomEvents(System.Collections.Immutable.ImmutableArray<RoomEvent> events, long persistedAtTicks) => Task.CompletedTask;

        public Task OnCaseUpdated(Guid caseId, string trackingToken, Consult.Cases.PublicCaseView view) => Task.CompletedTask;

        public Task OnInvitation(string department, Consult.Departments.Invitation invitation) => Task.CompletedTask;

        public Task OnInboxChanged(string department, Consult.Departments.Invitation line) => Task.CompletedTask;

        public Task OnCallSignal(string toConnectionId, Consult.Calls.CallSignalDelivery signal) => Task.CompletedTask;

        public Task OnCallMembers(Consult.Calls.CallRoster roster) => Task.CompletedTask;

        public Task OnCallMuted(string toConnectionId, Consult.Calls.CallMuted muted) => Task.CompletedTask;
    }
}
