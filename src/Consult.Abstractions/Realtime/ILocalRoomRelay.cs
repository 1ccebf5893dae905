using System.Collections.Immutable;
using Consult.Rooms;

namespace Consult.Realtime;

/// <summary>
/// The relay of the web node whose process hosts the silo, when it has one. A room hands it what
/// it publishes by a direct call instead of an Orleans message to itself (one message fewer per
/// write, and no copy); the relays of other nodes still get <see cref="IRoomRelay.OnRoomEvents"/>.
/// </summary>
public interface ILocalRoomRelay
{
    /// <summary>Whether <paramref name="relay"/>, a watcher's observer reference, is this relay (asked on every write: cheap).</summary>
    bool IsThis(IRoomRelay relay);

    /// <summary>
    /// The events a room has just persisted, as <see cref="IRoomRelay.OnRoomEvents"/>. Called on the
    /// room's turn, in the room's order: the relay starts each delivery there and returns without
    /// waiting for any; what has to wait goes on off the room's scheduler.
    /// </summary>
    void HandOver(ImmutableArray<RoomEvent> events, long persistedAtTicks);
}
