using Consult.Calls;
using Consult.Cases;
using Consult.Departments;
using Consult.Rooms;
using Orleans.Concurrency;

namespace Consult.Realtime;

/// <summary>
/// One per web node: receives what grains publish and forwards it to that node's SignalR
/// connections and Blazor circuits. Grains hold it as an observer that the node renews.
/// </summary>
[Alias("consult.relay")]
public interface IRoomRelay : IGrainObserver
{
    /// <summary>
    /// Events the room has just persisted, in seq order (one call per write, not per event), and
    /// when they were persisted (UTC ticks, real time): the relay times each decision's delivery
    /// from it. An argument rather than request context, which would cost a dictionary per call.
    /// </summary>
    [OneWay, Alias("room-events")]
    Task OnRoomEvents(System.Collections.Immutable.ImmutableArray<RoomEvent> events, long persistedAtTicks);

    /// <summary>Who is present for a department of a room changed (unsequenced, not stored).</summary>
    [OneWay, Alias("presence")]
    Task OnPresence(SeatPresence presence);

    [OneWay, Alias("case-updated")]
    Task OnCaseUpdated(Guid caseId, string trackingToken, PublicCaseView view);

    [OneWay, Alias("invitation")]
    Task OnInvitation(string department, Invitation invitation);

    /// <summary>
    /// A line already in the department's inbox changed (decided, carded, reminded) or went (the
    /// room closed: <paramref name="line"/> is the last one known). For the open inbox pages on
    /// this node; the hub's <c>Invitation</c> event stays for new invitations only.
    /// </summary>
    [OneWay, Alias("inbox-changed")]
    Task OnInboxChanged(string department, Invitation line);

    /// <summary>A signal for <paramref name="toConnectionId"/>, a call member connected to this node.</summary>
    [OneWay, Alias("call-signal")]
    Task OnCallSignal(string toConnectionId, CallSignalDelivery signal);

    /// <summary>Who is in a room's call changed (unsequenced, not stored; the joins and leaves are room events).</summary>
    [OneWay, Alias("call-members")]
    Task OnCallMembers(CallRoster roster);

    /// <summary>The convener muted <paramref name="toConnectionId"/>, a call member connected to this node.</summary>
    [OneWay, Alias("call-muted")]
    Task OnCallMuted(string toConnectionId, CallMuted muted);
}
