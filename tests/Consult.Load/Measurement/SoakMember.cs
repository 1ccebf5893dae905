using System.Collections.Immutable;
using System.Diagnostics;
using Consult.Rooms;
using Microsoft.AspNetCore.SignalR.Client;

namespace Consult.Load.Measurement;

/// <summary>
/// One S7 connection in one room. Every event of its room must be applied once, in seq order, from
/// seq 1 to the room's last: live, or through <c>Resync</c> after joining (a client's catch-up). While
/// it catches up, live events wait; a live event the resync already brought is the expected overlap.
/// </summary>
public sealed class SoakMember(SoakRoom room, MemberPlan plan, HubConnection connection, bool stable)
{
    private readonly Lock _lock = new();
    private readonly List<RoomEvent> _pending = [];
    private long _applied;
    private long _liveHigh;
    private bool _catchingUp = true;

    public SoakRoom Room { get; } = room;
    public MemberPlan Plan { get; } = plan;
    public HubConnection Connection { get; } = connection;

    /// <summary>Never leaves its room: its arrivals time the decisions.</summary>
    public bool Stable { get; } = stable;

    /// <summary>Between a <c>LeaveRoom</c> and the end of its rejoin's catch-up.</summary>
    public bool Away { get; set; }

    /// <summary>Events never applied: the seq jumped past them.</summary>
    public long Gaps { get; private set; }

    /// <summary>Live events whose seq was not above the last live one (sent twice or out of order).</summary>
    public long Duplicates { get; private set; }

    public long Applied
    {
        get
        {
            lock (_lock)
                return _applied;
        }
    }

    /// <summary>Joins (or rejoins) the room and catches up from the last applied event.</summary>
    public async Task Join(CancellationToken cancellation)
    {
        lock (_lock)
            _catchingUp = true;
        await Connection.InvokeAsync<System.Text.Json.JsonElement>(Realtime.HubContract.JoinRoom, Room.RoomId, cancellation);
        var missed = await Connection.InvokeAsync<ImmutableArray<RoomEvent>>(Realtime.HubContract.Resync, Room.RoomId, Applied, cancellation);
        lock (_lock)
        {
            foreach (var e in missed)
                Apply(e);
            foreach (var e in _pending)
                Apply(e);
            _pending.Clear();
            _catchingUp = false;
        }

        Away = false;
    }

    /// <summary>
    /// After SignalR reconnected the connection (a new connection id, in no group): joins again and catches up,
    /// as <c>Consult.Client</c>'s <c>RoomSession</c> does. A member that is away is joined again by the traffic.
    /// </summary>
    public async Task Rejoin(CancellationToken cancellation)
    {
        if (Away)
            return;
        await Join(cancellation);
    }

    public async Task Leave(CancellationToken cancellation)
    {
        Away = true;
        await Connection.InvokeAsync(Realtime.HubContract.LeaveRoom, Room.RoomId, cancellation);
    }

    public void OnEvent(RoomEvent e)
    {
        if (e.RoomId != Room.RoomId)
            return;
        lock (_lock)
        {
            if (e.Seq <= _liveHigh)
                Duplicates++;
            _liveHigh = Math.Max(_liveHigh, e.Seq);
            if (_catchingUp)
                _pending.Add(e);
            else
                Apply(e);
        }
    }

    private void Apply(RoomEvent e)
    {
        if (e.Seq <= _applied)
            return; // Already applied: the overlap between a resync and the live events.
        if (e.Seq > _applied + 1)
            Gaps += e.Seq - _applied - 1;
        _applied = e.Seq;
        // A stable member never leaves, so what a resync brings it is what a reconnect made it miss: delivered late.
        if (Stable && e.Type == RoomEventTypes.DecisionCast && Room.Ledger.IdOf(e.Payload) is { } id)
            Room.Ledger.Delivered(id, Stopwatch.GetTimestamp());
    }
}
