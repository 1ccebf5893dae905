using Consult.Calls;
using Consult.Realtime;
using Consult.Telemetry;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Consult.Rooms;

/// <summary>
/// The relays (one per node) watching a room: what the room publishes goes to each of them,
/// one-way. A relay that stops renewing expires, and with it the connections its node reported.
/// What is published is counted in the node's metrics first (decisions, cards). The relay of the
/// node this silo runs in (<paramref name="local"/>, when the process has one) gets the events by a
/// direct call while it watches; the watch itself, its expiry and everything else stay as for any relay.
/// </summary>
public sealed class RoomWatchers(ILogger logger, ConsultMetrics metrics, ILocalRoomRelay? local)
{
    private readonly ObserverManager<string, IRoomRelay> _relays = new(RelayTimings.Expiry, logger);

    /// <summary>Subscribes (or renews) a node's relay; true when it was not watching this activation of the room before.</summary>
    public bool Subscribe(string nodeId, IRoomRelay relay)
    {
        var first = !_relays.Observers.ContainsKey(nodeId);
        _relays.Subscribe(nodeId, relay);
        return first;
    }

    public void Unsubscribe(string nodeId) => _relays.Unsubscribe(nodeId);

    /// <summary>Drops the relays that stopped renewing; answers the nodes still watching.</summary>
    public IReadOnlySet<string> Live()
    {
        _relays.ClearExpired();
        return _relays.Observers.Keys.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Hands persisted events to every relay, in order, in one one-way call each (the local one by
    /// a direct call), with the time they were persisted (the relays measure the time to their hub
    /// connections from it). Notify skips a relay whose watch expired, the local one included.
    /// </summary>
    public void Publish(System.Collections.Immutable.ImmutableArray<RoomEvent> events)
    {
        metrics.Persisted(events);
        if (_relays.Count == 0 || events.IsDefaultOrEmpty)
            return;
        // Real time, not the grains' clock: a test's fake clock would make every latency zero,
        // and relays on other nodes compare it with their own real clock.
        var persistedAt = DateTime.UtcNow.Ticks;
        _ = _relays.Notify(relay =>
        {
            if (local is null || !local.IsThis(relay))
                return relay.OnRoomEvents(events, persistedAt);
            local.HandOver(events, persistedAt);
            return Task.CompletedTask;
        });
    }

    public void Announce(SeatPresence presence)
    {
        if (_relays.Count > 0)
            _ = _relays.Notify(relay => relay.OnPresence(presence));
    }

    /// <summary>
    /// Tells every watching relay who is in the call, and the <paramref name="kept"/> relays of
    /// members' nodes that have not watched this activation yet (the room was restored meanwhile).
    /// </summary>
    public void AnnounceCall(CallRoster roster, IReadOnlyDictionary<string, IRoomRelay> kept)
    {
        if (_relays.Count > 0)
            _ = _relays.Notify(relay => relay.OnCallMembers(roster));
        foreach (var (nodeId, relay) in kept)
        {
            if (!_relays.Observers.ContainsKey(nodeId))
                relay.OnCallMembers(roster).Ignore();
        }
    }

    /// <summary>The relay of <paramref name="nodeId"/> if it watches the room.</summary>
    public IRoomRelay? RelayOf(string nodeId) => _relays.Observers.TryGetValue(nodeId, out var relay) ? relay : null;

    /// <summary>Tells one node's relay who is in the call.</summary>
    public void AnnounceCall(string nodeId, CallRoster roster)
    {
        if (_relays.Observers.TryGetValue(nodeId, out var relay))
            relay.OnCallMembers(roster).Ignore();
    }

    /// <summary>Hands a call signal to the one relay that holds its addressee; false when that relay is not watching (any more).</summary>
    /// <param name="kept">The relay kept with the addressee when it joined: used while its node has not watched this activation yet.</param>
    public bool Send(string nodeId, string toConnectionId, CallSignalDelivery signal, IRoomRelay? kept)
    {
        if ((RelayOf(nodeId) ?? kept) is not { } relay)
            return false;
        relay.OnCallSignal(toConnectionId, signal).Ignore();
        return true;
    }

    /// <summary>Tells the relay holding <paramref name="toConnectionId"/> that the convener muted it (lost if that relay stopped watching).</summary>
    public void SendMuted(string nodeId, string toConnectionId, CallMuted muted, IRoomRelay? kept)
    {
        if ((RelayOf(nodeId) ?? kept) is { } relay)
            relay.OnCallMuted(toConnectionId, muted).Ignore();
    }
}
