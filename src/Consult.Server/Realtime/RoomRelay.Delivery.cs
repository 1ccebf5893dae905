using System.Collections.Immutable;
using System.Diagnostics;
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
        if (events.IsDefaultOrEmpty)
            return Task.CompletedTask;
        RoomFeed? feed;
        lock (_lock)
            _rooms.TryGetValue(events[0].RoomId, out feed);
        if (feed is not null)
        {
            foreach (var roomEvent in events)
                _ = Forward(feed, roomEvent, persistedAtTicks);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Delivers an event the room published, as a span under the room's call (the observer call
    /// carries its trace context), and times a decision from its persistence to its hand-over.
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
        await Deliver(roomEvent.RoomId, feed, roomEvent.Seq, roomEvent, timed);
    }

    /// <summary>
    /// Sends the room's events up to <paramref name="upToSeq"/> that this node has not sent yet,
    /// in order: the one given when it is the next, otherwise read from the room's log.
    /// </summary>
    private async Task Deliver(Guid roomId, RoomFeed feed, long upToSeq, RoomEvent? given, DeliveryTiming? timed = null)
    {
        await feed.Gate.WaitAsync();
        try
        {
            if (!feed.Started || upToSeq <= feed.LastSeq)
                return;
            IReadOnlyList<RoomEvent> batch = given is not null && given.Seq == feed.LastSeq + 1
                ? [given]
                : await Room(roomId).GetEvents(RelayActor, feed.LastSeq);
            foreach (var roomEvent in batch)
            {
                if (roomEvent.Seq != feed.LastSeq + 1)
                    continue;
                feed.Members ??= hub.Clients.Group(RoomGroup(roomId));
                await feed.Members.RoomEvent(roomEvent);
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
