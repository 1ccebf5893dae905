using Consult.Calls;
using Consult.Realtime;
using Consult.Telemetry;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Consult.Rooms;

/// <summary>
/// The relays (one per node) watching a room: what the room publishes goes to each of them,
/// one-way. A relay that stops renewing expires, and with it the connections its node reported.
/// What is published is counted in the node's metrics first (decisions, cards).
/// </summary>
public sealed class RoomWatchers(ILogger logger, ConsultMetrics metrics)
{
    private readonly ObserverManager<string, IRoomRelay> _relays = new(RelayTimings.Expiry, logger);

    public void Subscribe(string nodeId, IRoomRelay relay) => _relays.Subscribe(nodeId, relay);

    public void Unsubscribe(string nodeId) => _relays.Unsubscribe(nodeId);

    /// <summary>Drops the relays that stopped renewing; answers the nodes still watching.</summary>
    public IReadOnlySet<string> Live()
    {
        _relays.ClearExpired();
        return _relays.Observers.Keys.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Hands persisted events to every relay, in order, with the time they were persisted in the
    /// calls' request context (the relays measure the time to their hub connections from it). The
    /// one-way calls are sent before this returns, so the value is removed again at once.
    /// </summary>
    public void Publish(IReadOnlyList<RoomEvent> events)
    {
        metrics.Persisted(events);
        if (_relays.Count == 0 || events.Count == 0)
            return;
        // Real time, not the grains' clock: a test's fake clock would make every latency zero,
        // and relays on other nodes compare it with their own real clock.
        RequestContext.Set(ConsultTracing.PersistedAtKey, DateTime.UtcNow.Ticks);
        try
        {
            _ = _relays.Notify(relay =>
            {
                foreach (var roomEvent in events)
                    relay.OnRoomEvent(roomEvent);
                return Task.CompletedTask;
            });
        }
        finally
        {
            RequestContext.Remove(ConsultTracing.PersistedAtKey);
        }
    }

    public void Announce(SeatPresence presence)
    {
        if (_relays.Count > 0)
            _ = _relays.Notify(relay => relay.OnPresence(presence));
    }

    public void AnnounceCall(CallRoster roster)
    {
        if (_relays.Count > 0)
            _ = _relays.Notify(relay => relay.OnCallMembers(roster));
    }

    /// <summary>Hands a call signal to the one relay that holds its addressee; false when that relay is not watching (any more).</summary>
    public bool Send(string nodeId, string toConnectionId, CallSignalDelivery signal)
    {
        if (!_relays.Observers.TryGetValue(nodeId, out var relay))
            return false;
        relay.OnCallSignal(toConnectionId, signal).Ignore();
        return true;
    }

    /// <summary>Tells the relay holding <paramref name="toConnectionId"/> that the convener muted it (lost if that relay stopped watching).</summary>
    public void SendMuted(string nodeId, string toConnectionId, CallMuted muted)
    {
        if (_relays.Observers.TryGetValue(nodeId, out var relay))
            relay.OnCallMuted(toConnectionId, muted).Ignore();
    }
}
