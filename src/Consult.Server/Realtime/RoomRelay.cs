using System.Collections.Immutable;
using Consult.Cases;
using Consult.Common;
using Consult.Departments;
using Consult.Hosting;
using Consult.Realtime;
using Consult.Rooms;
using Consult.Telemetry;
using Microsoft.AspNetCore.SignalR;

namespace Consult.Server.Realtime;

/// <summary>
/// This node's relay between grains and its own SignalR connections. It watches (subscribes to)
/// the rooms, departments and cases that have members here, forwards what they publish to the
/// matching SignalR group in <c>seq</c> order, and fills any gap from the room's persisted log,
/// so a lost or reordered notification never reaches a client as a hole.
/// </summary>
public sealed partial class RoomRelay(
    IGrainFactory grains,
    IHubContext<ConsultationHub, IConsultationClient> hub,
    ConsultMetrics metrics,
    ILogger<RoomRelay> logger) : IRoomRelay, ILocalRoomRelay
{
    private const string LocalPrefix = "local-";
    private readonly GrainReferences<IConsultationGrain> _roomGrains = new(grains);

    /// <summary>The room's grain, made without Orleans resolving the interface's type name (the hub's hot path).</summary>
    public IConsultationGrain Room(Guid roomId) => _roomGrains.Get(roomId);
    private static readonly Actor RelayActor = new("relay", Roles.Admin, null);
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, RoomFeed> _rooms = [];
    private readonly Dictionary<string, HashSet<string>> _departments = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, Dictionary<string, string>> _cases = [];
    private readonly Dictionary<string, Dictionary<string, Func<Invitation, Task>>> _departmentListeners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<PublicCaseView, Task>> _caseListeners = new(StringComparer.Ordinal);
    private IRoomRelay? _reference;
    // The key each watched department or case knows this node by: new whenever a watch starts
    // again, so an unwatch of an earlier watch, arriving late, cannot cancel the current one.
    private readonly Dictionary<string, string> _watchKeys = new(StringComparer.Ordinal);

    /// <summary>Identifies this node to the grains it watches.</summary>
    public string NodeId { get; } = $"{Environment.MachineName}-{Guid.NewGuid():N}";

    private IRoomRelay Reference
    {
        get
        {
            lock (_lock)
                return _reference ??= grains.CreateObjectReference<IRoomRelay>(this);
        }
    }

    public static string RoomGroup(Guid roomId) => $"room:{roomId:N}";

    private static string CaseKey(Guid caseId) => $"case:{caseId:N}";

    private string NewKey() => $"{NodeId}/{Guid.NewGuid():N}";

    /// <summary>The current watch key for <paramref name="what"/> (called under the lock).</summary>
    private string WatchKey(string what)
    {
        if (!_watchKeys.TryGetValue(what, out var key))
            _watchKeys[what] = key = NewKey();
        return key;
    }
    public static string DepartmentGroup(string department) => $"dept:{department}";
    public static string TrackingGroup(string token) => $"track:{token}";

    public Task<RoomSnapshot> JoinRoom(string connectionId, Actor actor, Guid roomId) => Join(connectionId, actor, roomId, null, null);

    /// <summary>
    /// An in-process member (a Blazor circuit): it counts as present like a connection, and gets
    /// the room's events in order through <paramref name="listener"/>, and who is present through
    /// <paramref name="onPresence"/>, until disposed.
    /// </summary>
    public async Task<(RoomSnapshot Snapshot, IAsyncDisposable Membership)> JoinLocal(
        Actor actor, Guid roomId, Func<RoomEvent, Task> listener, Func<SeatPresence, Task>? onPresence = null)
    {
        var id = LocalPrefix + Guid.NewGuid().ToString("N");
        var snapshot = await Join(id, actor, roomId, listener, onPresence);
        return (snapshot, new Membership(() => LeaveRoom(id, roomId)));
    }

    private async Task<RoomSnapshot> Join(string connectionId, Actor actor, Guid roomId, Func<RoomEvent, Task>? listener, Func<SeatPresence, Task>? onPresence)
    {
        var room = Room(roomId);
        // The applicant is in a room only for its call (the room checks it is allowed): never its events.
        if (!actor.IsApplicant)
            await room.Get(actor);
        if (listener is null)
            await hub.Groups.AddToGroupAsync(connectionId, actor.IsApplicant ? ApplicantCallGroup(roomId) : RoomGroup(roomId));
        RoomFeed feed;
        lock (_lock)
        {
            if (!_rooms.TryGetValue(roomId, out feed!))
                _rooms[roomId] = feed = new RoomFeed(NewKey());
            feed.Joining++;
        }

        try
        {
            await feed.Watching(() => Watch(roomId, feed));
            // Only now is the connection reported in renewals: Connect announces the person.
            lock (_lock)
            {
                feed.Connections[connectionId] = new PresenceEntry(connectionId, actor.UserName, actor.Department);
                if (listener is not null)
                    feed.Listeners[connectionId] = new LocalListener<RoomEvent>(listener, logger);
                if (onPresence is not null)
                    feed.PresenceListeners[connectionId] = new LocalListener<SeatPresence>(onPresence, logger);
            }

            return await room.Connect(actor, feed.Key, connectionId);
        }
        catch
        {
            await LeaveRoom(connectionId, roomId);
            throw;
        }
        finally
        {
            bool orphan;
            lock (_lock)
            {
                feed.Joining--;
                // A join that failed (refused, or its first watch failed) must not leave an empty feed behind.
                orphan = feed.Connections.Count == 0 && feed.Joining == 0 && _rooms.TryGetValue(roomId, out var current) && current == feed;
                if (orphan)
                    _rooms.Remove(roomId);
            }

            if (orphan)
                await Unwatch(room, feed.Key);
        }
    }

    private async Task Unwatch(IConsultationGrain room, string key)
    {
        try
        {
            await room.Unwatch(key);
        }
        catch (Exception e)
        {
            LogRenewFailed(logger, e);
        }
    }

    public async Task LeaveRoom(string connectionId, Guid roomId)
    {
        if (!connectionId.StartsWith(LocalPrefix, StringComparison.Ordinal))
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, RoomGroup(roomId));
            await hub.Groups.RemoveFromGroupAsync(connectionId, ApplicantCallGroup(roomId));
        }

        bool last;
        string key;
        LocalListener<RoomEvent>? removed;
        LocalListener<SeatPresence>? removedPresence;
        lock (_lock)
        {
            if (!_rooms.TryGetValue(roomId, out var feed) || !feed.Connections.Remove(connectionId))
                return;
            feed.Listeners.Remove(connectionId, out removed);
            feed.PresenceListeners.Remove(connectionId, out removedPresence);
            key = feed.Key;
            last = feed.Connections.Count == 0 && feed.Joining == 0;
            if (last)
                _rooms.Remove(roomId);
        }

        if (removed is not null)
            await removed.DisposeAsync();
        if (removedPresence is not null)
            await removedPresence.DisposeAsync();
        var room = Room(roomId);
        await room.Disconnect(key, connectionId);
        // Only this feed's subscription goes: a newer feed for the same room (someone joined
        // meanwhile) watches under another key, so a late unwatch cannot cancel it.
        if (last)
            await room.Unwatch(key);
    }

    /// <summary>A connection closed: it leaves its rooms, inbox and followed cases.</summary>
    public async Task Disconnected(string connectionId)
    {
        List<Guid> rooms;
        List<string> emptyDepartments = [];
        List<Guid> emptyCases = [];
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        lock (_lock)
        {
            rooms = [.. _rooms.Where(r => r.Value.Connections.ContainsKey(connectionId)).Select(r => r.Key)];
            foreach (var (department, members) in _departments)
                if (members.Remove(connectionId) && members.Count == 0 && !_departmentListeners.ContainsKey(department))
                    emptyDepartments.Add(department);
            foreach (var (department, listeners) in _departmentListeners)
                if (listeners.Remove(connectionId) && listeners.Count == 0 && !(_departments.TryGetValue(department, out var m) && m.Count > 0))
                    emptyDepartments.Add(department);
            foreach (var department in emptyDepartments)
            {
                _departments.Remove(department);
                _departmentListeners.Remove(department);
                if (_watchKeys.Remove(DepartmentGroup(department), out var key))
                    keys[DepartmentGroup(department)] = key;
            }

            _caseListeners.Remove(connectionId);
            foreach (var (caseId, followers) in _cases)
                if (followers.Remove(connectionId) && followers.Count == 0)
                    emptyCases.Add(caseId);
            foreach (var caseId in emptyCases)
            {
                _cases.Remove(caseId);
                if (_watchKeys.Remove(CaseKey(caseId), out var key))
                    keys[CaseKey(caseId)] = key;
            }
        }

        var leaving = rooms.Select(r => LeaveRoom(connectionId, r))
            .Concat(emptyDepartments.Where(d => keys.ContainsKey(DepartmentGroup(d))).Select(d => grains.GetGrain<IDepartmentGrain>(d).Unwatch(keys[DepartmentGroup(d)])))
            .Concat(emptyCases.Where(c => keys.ContainsKey(CaseKey(c))).Select(c => grains.GetGrain<ICaseGrain>(c).Unwatch(keys[CaseKey(c)])));
        try
        {
            await Task.WhenAll(leaving);
        }
        catch (Exception e)
        {
            LogCleanupFailed(logger, e, connectionId);
        }
    }

    /// <summary>Renews every watch of this node; a room that moved or restarted is caught up. Answers how many failed.</summary>
    public async Task<int> RenewAll(CancellationToken cancellationToken)
    {
        List<(Guid Id, RoomFeed Feed)> rooms;
        List<(string Department, string Key)> departments;
        List<(Guid CaseId, string Key)> cases;
        lock (_lock)
        {
            rooms = [.. _rooms.Select(r => (r.Key, r.Value))];
            departments = [.. _departments.Keys.Union(_departmentListeners.Keys).Select(d => (d, WatchKey(DepartmentGroup(d))))];
            cases = [.. _cases.Keys.Select(c => (c, WatchKey(CaseKey(c))))];
        }

        var renewals = rooms.Select(r => Watch(r.Id, r.Feed))
            .Concat(departments.Select(d => grains.GetGrain<IDepartmentGrain>(d.Department).Watch(d.Key, Reference)))
            .Concat(cases.Select(c => grains.GetGrain<ICaseGrain>(c.CaseId).Watch(c.Key, Reference)));
        var failed = 0;
        foreach (var renewal in renewals)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await renewal;
            }
            catch (Exception e)
            {
                failed++;
                LogRenewFailed(logger, e);
            }
        }

        return failed;
    }

    /// <summary>Who is present changed: told to the room's connections here and queued for its circuits, like an event but with no seq to keep.</summary>
    public Task OnPresence(SeatPresence presence)
    {
        RoomFeed? feed;
        lock (_lock)
            _rooms.TryGetValue(presence.RoomId, out feed);
        if (feed is not null)
        {
            // Chained, not awaited: a slow socket holds up no other room, and a room's presence
            // changes still reach its clients in the order they came (the last one is what stands).
            lock (_lock)
                feed.PresenceSending = SendPresence(feed.PresenceSending, feed, presence);
        }

        return Task.CompletedTask;
    }

    private async Task SendPresence(Task previous, RoomFeed feed, SeatPresence presence)
    {
        await previous;
        await Guarded(hub.Clients.Group(RoomGroup(presence.RoomId)).Presence(presence));
        lock (_lock)
        {
            foreach (var listener in feed.PresenceListeners.Values)
                listener.Post(presence);
        }
    }


    private async Task Watch(Guid roomId, RoomFeed feed)
    {
        ImmutableArray<PresenceEntry> connections;
        lock (_lock)
            connections = [.. feed.Connections.Values];
        var seq = await Room(roomId).Watch(feed.Key, Reference, connections);
        if (!feed.Started)
        {
            await feed.Gate.WaitAsync();
            try
            {
                // Events up to here are in the snapshot each joining client receives.
                feed.LastSeq = Math.Max(feed.LastSeq, seq);
                feed.Started = true;
            }
            finally
            {
                feed.Gate.Release();
            }
        }
        else
        {
            await Deliver(roomId, feed, seq, null);
        }
    }

    private async Task Guarded(Task send)
    {
        try
        {
            await send;
        }
        catch (Exception e)
        {
            LogDeliveryFailed(logger, e, Guid.Empty);
        }
    }

    private sealed class Membership(Func<Task> leave) : IAsyncDisposable
    {
        private int _left;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
                await leave();
        }
    }

    private sealed class RoomFeed(string key)
    {
        private Task? _watching;

        /// <summary>What the room knows this feed by (presence and the relay subscription).</summary>
        public string Key { get; } = key;

        public Dictionary<string, PresenceEntry> Connections { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, LocalListener<RoomEvent>> Listeners { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, LocalListener<SeatPresence>> PresenceListeners { get; } = new(StringComparer.Ordinal);
        public SemaphoreSlim Gate { get; } = new(1, 1);
        /// <summary>The last presence change being sent (sends never fail: failures are logged).</summary>
        public Task PresenceSending { get; set; } = Task.CompletedTask;
        public long LastSeq { get; set; }
        public bool Started { get; set; }
        /// <summary>The room's SignalR group, made once (set under <see cref="Gate"/>): a proxy and a formatted name per event otherwise.</summary>
        public IConsultationClient? Members { get; set; }
        /// <summary>Joins in progress: the feed stays while any is.</summary>
        public int Joining { get; set; }

        /// <summary>The first watch of this feed, shared by everyone joining while it runs.</summary>
        public Task Watching(Func<Task> watch)
        {
            lock (this)
            {
                if (_watching is null || _watching.IsFaulted)
                    _watching = watch();
                return _watching;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay could not forward to room {RoomId}'s clients")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, Guid roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay could not renew a watch")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relay could not clean up after connection {ConnectionId}")]
    private static partial void LogCleanupFailed(ILogger logger, Exception exception, string connectionId);
}
