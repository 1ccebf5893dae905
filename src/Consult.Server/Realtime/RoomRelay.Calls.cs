using Consult.Calls;
using Consult.Common;

namespace Consult.Server.Realtime;

/// <summary>
/// The relay's part in room calls: a signal the room hands to this node goes to the one connection
/// or circuit it is for; who is in a call goes to everyone here who joined the room (boards show
/// it on the seat cards).
/// </summary>
public sealed partial class RoomRelay
{
    private readonly Dictionary<string, LocalListener<CallSignalDelivery>> _signalListeners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<CallMuted, Task>> _muteListeners = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, Dictionary<string, LocalListener<CallRoster>>> _rosterListeners = [];

    /// <summary>The applicant's connections in a room's call: they hear who is in it, nothing else of the room.</summary>
    public static string ApplicantCallGroup(Guid roomId) => $"room-call:{roomId:N}";

    /// <summary>The tracking token an anonymous connection follows (<c>FollowCase</c>), if any.</summary>
    public string? FollowedToken(string connectionId)
    {
        lock (_lock)
        {
            foreach (var followers in _cases.Values)
            {
                if (followers.TryGetValue(connectionId, out var token))
                    return token;
            }
        }

        return null;
    }

    /// <summary>What the applicant sees of a call's members: the departments and roles, not the staff's names.</summary>
    public static CallRoster ForApplicant(CallRoster roster) => roster with
    {
        Members = [.. roster.Members.Select(m => m.Role == Roles.Applicant ? m : m with { UserName = m.Department ?? m.Role ?? "", DisplayName = null })],
    };

    /// <summary>What the room knows this node by for <paramref name="connectionId"/>, if that connection joined it here.</summary>
    public string? NodeKeyOf(Guid roomId, string connectionId)
    {
        lock (_lock)
            return _rooms.TryGetValue(roomId, out var feed) && feed.Connections.ContainsKey(connectionId) ? feed.Key : null;
    }

    /// <summary>
    /// A circuit's own member of the room for its call: present like a connection, with signals for
    /// it reaching <paramref name="onSignal"/> in order, and the convener's mute <paramref name="onMuted"/>, until disposed.
    /// </summary>
    public async Task<(string Id, string NodeKey, IAsyncDisposable Membership)> JoinForCall(
        Actor actor, Guid roomId, Func<CallSignalDelivery, Task> onSignal, Func<CallMuted, Task> onMuted)
    {
        var id = LocalPrefix + Guid.NewGuid().ToString("N");
        lock (_lock)
        {
            _signalListeners[id] = new LocalListener<CallSignalDelivery>(onSignal, logger);
            _muteListeners[id] = onMuted;
        }

        var membership = new Membership(async () =>
        {
            await LeaveRoom(id, roomId);
            LocalListener<CallSignalDelivery>? listener;
            lock (_lock)
            {
                _signalListeners.Remove(id, out listener);
                _muteListeners.Remove(id);
            }

            if (listener is not null)
                await listener.DisposeAsync();
        });
        try
        {
            await Join(id, actor, roomId, static _ => Task.CompletedTask, null);
            return (id, NodeKeyOf(roomId, id) ?? throw ConsultException.Conflict("The room was left while joining its call."), membership);
        }
        catch
        {
            await membership.DisposeAsync();
            throw;
        }
    }

    /// <summary>An in-process listener to who is in the room's call (this node must have joined the room).</summary>
    public IAsyncDisposable ListenToCall(Guid roomId, Func<CallRoster, Task> onRoster)
    {
        var id = LocalPrefix + Guid.NewGuid().ToString("N");
        lock (_lock)
        {
            if (!_rosterListeners.TryGetValue(roomId, out var listeners))
                _rosterListeners[roomId] = listeners = new Dictionary<string, LocalListener<CallRoster>>(StringComparer.Ordinal);
            listeners[id] = new LocalListener<CallRoster>(onRoster, logger);
        }

        return new Membership(async () =>
        {
            LocalListener<CallRoster>? listener = null;
            lock (_lock)
            {
                if (_rosterListeners.TryGetValue(roomId, out var listeners) && listeners.Remove(id, out listener) && listeners.Count == 0)
                    _rosterListeners.Remove(roomId);
            }

            if (listener is not null)
                await listener.DisposeAsync();
        });
    }

    public Task OnCallSignal(string toConnectionId, CallSignalDelivery signal)
    {
        if (toConnectionId.StartsWith(LocalPrefix, StringComparison.Ordinal))
        {
            lock (_lock)
            {
                if (_signalListeners.TryGetValue(toConnectionId, out var listener))
                    listener.Post(signal);
            }
        }
        else
        {
            _ = Guarded(hub.Clients.Client(toConnectionId).CallSignal(signal));
        }

        return Task.CompletedTask;
    }

    public Task OnCallMembers(CallRoster roster)
    {
        _ = Guarded(hub.Clients.Group(RoomGroup(roster.RoomId)).CallMembers(roster));
        _ = Guarded(hub.Clients.Group(ApplicantCallGroup(roster.RoomId)).CallMembers(ForApplicant(roster)));
        lock (_lock)
        {
            if (_rosterListeners.TryGetValue(roster.RoomId, out var listeners))
            {
                foreach (var listener in listeners.Values)
                    listener.Post(roster);
            }
        }

        return Task.CompletedTask;
    }

    public Task OnCallMuted(string toConnectionId, CallMuted muted)
    {
        if (toConnectionId.StartsWith(LocalPrefix, StringComparison.Ordinal))
        {
            Func<CallMuted, Task>? listener;
            lock (_lock)
                _muteListeners.TryGetValue(toConnectionId, out listener);
            if (listener is not null)
                _ = Guarded(listener(muted));
        }
        else
        {
            _ = Guarded(hub.Clients.Client(toConnectionId).CallMuted(muted));
        }

        return Task.CompletedTask;
    }
}
