using Consult.Calls;
using Consult.Cases;
using Consult.Departments;
using Consult.Rooms;

namespace Consult.Realtime;

/// <summary>What the hub sends to its clients (the method names are the contract's).</summary>
public interface IConsultationClient
{
    Task RoomEvent(RoomEvent roomEvent);

    /// <summary>Who is present for a department of a joined room changed (v1.1; not an event, no <c>seq</c>).</summary>
    Task Presence(SeatPresence presence);

    Task CaseUpdated(PublicCaseView view);

    Task Invitation(Invitation invitation);

    /// <summary>A WebRTC signal from another member of a call this connection is in.</summary>
    Task CallSignal(CallSignalDelivery signal);

    /// <summary>Who is in the call of a room this connection joined (sent on every change).</summary>
    Task CallMembers(CallRoster roster);

    /// <summary>The room's convener muted this connection in the call.</summary>
    Task CallMuted(CallMuted muted);
}
