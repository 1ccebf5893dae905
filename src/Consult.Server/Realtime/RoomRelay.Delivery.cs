using System.Collections.Immutable;
using System.Diagnostics;
using Consult.Realtime;
using Consult.Rooms;
using Consult.Telemetry;

namespace Consult.Server.Realtime;

/// <summary>The relay's fan-out of a room's events to its hub connections and circuits on this node, traced and timed.</summary>
public sealed partial class RoomRelay
{
    // Orleans hands an observer its messages one at a time and waits for the task each returns,
    // so one relay, which carries every room of this node, must not return a delivery still
    // waiting on sockets: one client that reads slowly (a phone on a poor network) would hold up
    // every room's events on the node until its buffer drains. Each delivery is started in the
    // order the events came; a room's own gate keeps its events in seq order, and a failure is
    // logged there.
    public Task OnRoomEvents(ImmutableArray<RoomEvent> events, long persistedAtTicks)
    {
        Dispatch(events, persistedAtTicks);
        return Task.CompletedTask;
    }

    /// <summary>
    /// A room of this node's own silo, on the room's turn: each delivery runs there as far as it
    /// goes without waiting (the room's gate free, the event the next one: written to the
    /// connections' buffers), with no hand-off to another thread; whatever has to wait (a busy
    /// gate, a gap read from the room's log, a full socket) goes on in the thread pool, never on
    /// the room's scheduler, and the room does not wait for it.
    /// </summary>
    public void HandOver(ImmutableArray<RoomEvent> events, long persistedAtTicks) => Dispatch(events, persistedAtTicks);

    /// <summary>Whether a room's watcher is this relay (<see cref="ILocalRoomRelay"/>): its observer reference is this one's.</summary>
    /// <remarks>
    /// Asked for every watcher of every write, so without the lock: the reference is made once and
    /// never replaced. A relay that has not made it yet watches nothing (and a grain may not make one).
    /// </remarks>
    public bool IsThis(IRoomRelay relay) =>
        Volatile.Read(ref _reference) is { } mine && relay.GetGrainId() == mine.GetGrainId();

    private void Dispatch(ImmutableArray<RoomEvent> events, long persistedAtTicks)
    {
        if (events.IsDefaultOrEmpty)
            return;
        RoomFeed? feed;
        lock (_lock)
            _rooms.TryGetValue(events[0].RoomId, out feed);
        if (feed is not null)
        {
            foreach (var roomEvent in events)
                _ = Forward(feed, roomEvent, persistedAtTicks);
        }
    }

    /// <summary>
    /// Delivers an event the room published, as a span under the room's call (the observer call
    /// carries its trace context; a hand-over runs in the room's), and times a decision from its
    /// persistence to its hand-over to the hub's connections. Nothing here awaits on the caller's
    /// scheduler: a hand-over starts on a room's turn, and the rest must not queue behind the room.
    /// </summary>
    private async Task Forward(RoomFeed feed, RoomEvent roomEvent, long? persistedAtTicks)
    {
        using var activity = ConsultTracing.Source.StartActivity("relay fan-out", ActivityKind.Internal);
        activity?.SetTag("consult.room.id", roomEvent.RoomId.ToString("N"));
        activity?.SetTag("consult.room.seq", roomEvent.Seq);
        activity?.SetTag("consult.room.event", roomEvent.Type);
        var timed = roomEvent.Type == RoomEventTypes.DecisionCast && persistedAtTicks is not null
            ? new DeliveryTiming(roomEvent.Seq, persistedAtTicks.Value)
            : null;
        await Deliver(roomEvent.RoomId, feed, roomEvent.Seq, roomEvent, timed).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the room's events up to <paramref name="upToSeq"/> that this node has not sent yet,
    /// in order: the one given when it is the next, otherwise read from the room's log.
    /// </summary>
    private async Task Deliver(Guid roomId, RoomFeed feed, long upToSeq, RoomEvent? given, DeliveryTiming? timed = null)
    {
        await feed.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!feed.Started || upToSeq <= feed.LastSeq)
                return;
            IReadOnlyList<RoomEvent> batch = given is not null && given.Seq == feed.LastSeq + 1
                ? [given]
                : await Room(roomId).GetEvents(RelayActor, feed.LastSeq).ConfigureAwait(false);
            foreach (var roomEvent in batch)
            {
                if (roomEvent.Seq != feed.LastSeq + 1)
                    continue;
                feed.Members ??= hub.Clients.Group(RoomGroup(roomId));
                await feed.Members.RoomEvent(roomEvent).ConfigureAwait(false);
                feed.LastSeq = roomEvent.Seq;
                if (timed is not null && roomEvent.Seq == timed.Seq)
                    metrics.DecisionDelivered(TimeSpan.FromTicks(DateTime.UtcNow.Ticks - timed.PersistedAtTicks));
                // Queued, not awaited: a circuit that renders slowly must not hold the room's gate.
                lock (_lock)
                {
                    foreach (var listener in feed.Listeners.Values)
                        listener.Post(roomEvent);
                }
            }
        }
        catch (Exception e)
        {
            Activity.Current?.SetStatus(ActivityStatusCode.Error, e.Message);
            LogDeliveryFailed(logger, e, roomId);
        }
        finally
        {
            feed.Gate.Release();
        }
    }

    /// <summary>A decision to time: its seq, and the real-clock ticks at which its room persisted it.</summary>
    private sealed record DeliveryTiming(long Seq, long PersistedAtTicks);
}
