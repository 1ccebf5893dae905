using System.Collections.Immutable;
using Consult.Common;
using Consult.Realtime;
using Consult.Rooms.Events;

namespace Consult.Rooms;

/// <summary>The room's watchers and who is connected: nothing of it is stored; a connection that goes leaves the call too.</summary>
public sealed partial class ConsultationGrain
{
    /// <summary>A department's first arrival is logged (<c>seatJoined</c>); a connection itself is only announced.</summary>
    /// <remarks>The applicant connects only to be in the call (<see cref="RoomAccess.EnsureApplicantAdmitted"/>), and is no one's presence.</remarks>
    public async Task<RoomSnapshot> Connect(Actor actor, string nodeId, string connectionId)
    {
        if (actor.IsApplicant)
            RoomAccess.EnsureApplicantAdmitted(State, RoomId);
        else
            RoomAccess.EnsureCanSee(State, RoomId, actor);
        if (MarkJoined(actor))
            await Persist();
        Announce(_presence.Add(nodeId, new PresenceEntry(connectionId, actor.UserName, actor.Department)));
        return Snapshot();
    }

    public async Task Disconnect(string nodeId, string connectionId)
    {
        Announce(_presence.Remove(connectionId));
        await LeaveCalls([connectionId], CallLeftReasons.Disconnected);
    }

    public async Task<long> Watch(string nodeId, IRoomRelay relay, ImmutableArray<PresenceEntry> connections)
    {
        RoomAccess.EnsureExists(State, RoomId);
        var first = _relays.Subscribe(nodeId, relay);
        var live = _relays.Live();
        foreach (var department in _presence.Report(nodeId, connections, live))
            Announce(department);
        var reported = connections.Select(c => c.ConnectionId).ToHashSet(StringComparer.Ordinal);
        await LeaveCalls(Calls.Gone(nodeId, reported, _callGrace.Live(live)), CallLeftReasons.Disconnected);
        // A room restored with a call tells each node coming back who is in it (changes since went to no one).
        if (first && _callGrace.Restored)
            _relays.AnnounceCall(nodeId, Roster());
        return Log.Count;
    }

    public async Task Unwatch(string nodeId)
    {
        _relays.Unsubscribe(nodeId);
        foreach (var connection in _presence.On(nodeId))
            Announce(_presence.Remove(connection));
        await LeaveCalls(Calls.On(nodeId), CallLeftReasons.Disconnected);
    }

    /// <summary>Tells every node's relay who is present for <paramref name="department"/> now (when it changed).</summary>
    private void Announce(string? department)
    {
        if (department is not null && State.Opened)
            _relays.Announce(new SeatPresence(RoomId, department, _presence.In(department)));
    }
}
