using Consult.Rooms;
using Microsoft.AspNetCore.SignalR.Client;

namespace Consult.Load.Measurement;

/// <summary>One joined connection: checks that its room's events arrive once each, in seq order, and reports each decision's arrival.</summary>
public sealed class Member(RoomPlan room, MemberPlan plan, HubConnection connection)
{
    private readonly Lock _lock = new();
    private long _lastSeq;
    private bool _armed;

    public RoomPlan Room { get; } = room;
    public MemberPlan Plan { get; } = plan;
    public HubConnection Connection { get; } = connection;

    /// <summary>
    /// Where decisions' arrivals go: the warm-up's ledger first, then the measured one; in S3 every
    /// step's ledger so far, so that a late delivery of an earlier step still counts for it.
    /// </summary>
    public IReadOnlyList<DecisionLedger> Ledgers { get; set; } = [];

    /// <summary>Events missing between two that arrived (seq jumped), counted from arming on.</summary>
    public long Gaps { get; private set; }

    /// <summary>Events that arrived again or out of order (seq not above the last one), counted from arming on.</summary>
    public long Duplicates { get; private set; }

    public void Joined(long snapshotSeq)
    {
        lock (_lock)
            _lastSeq = Math.Max(_lastSeq, snapshotSeq);
    }

    /// <summary>From now on every event must be the next seq: the set-up's presence events are behind us.</summary>
    public void Arm()
    {
        lock (_lock)
            _armed = true;
    }

    public void OnEvent(RoomEvent e)
    {
        var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
        if (e.RoomId != Room.RoomId)
            return;
        lock (_lock)
        {
            if (_armed)
            {
                if (e.Seq <= _lastSeq)
                    Duplicates++;
                else if (e.Seq > _lastSeq + 1)
                    Gaps += e.Seq - _lastSeq - 1;
            }

            _lastSeq = Math.Max(_lastSeq, e.Seq);
        }

        if (e.Type != RoomEventTypes.DecisionCast)
            return;
        // Wall clock against the server's stamp, for decisions only (the ledger's legs).
        var sinceStampMicros = (DateTime.UtcNow.Ticks - e.At.UtcTicks) / TimeSpan.TicksPerMicrosecond;
        foreach (var ledger in Ledgers)
        {
            if (ledger.IdOf(e.Payload) is { } id)
            {
                ledger.Delivered(id, arrived, sinceStampMicros);
                return;
            }
        }
    }
}
