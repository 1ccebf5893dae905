using Consult.Realtime;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Consult.Rooms;

/// <summary>
/// The relays (one per node) watching a room: what the room publishes goes to each of them,
/// one-way. A relay that stops renewing expires, and with it the connections its node reported.
/// </summary>
public sealed class RoomWatchers(ILogger logger)
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

    /// <summary>Hands persisted events to every relay, in order.</summary>
    public void Publish(IReadOnlyList<RoomEvent> events)
    {
        if (_relays.Count == 0 || events.Count == 0)
            return;
        _ = _relays.Notify(relay =>
        {
            foreach (var roomEvent in events)
                relay.OnRoomEvent(roomEvent);
            return Task.CompletedTask;
        });
    }

    public void Announce(SeatPresence presence)
    {
        if (_relays.Count > 0)
            _ = _relays.Notify(relay => relay.OnPresence(presence));
    }
}
