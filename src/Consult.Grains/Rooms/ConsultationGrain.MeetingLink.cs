using Consult.Common;
using Consult.Rooms.Events;

namespace Consult.Rooms;

/// <summary>
/// The room's external meeting link (DingTalk, Tencent Meeting): for centres that must hold the
/// session in another system, the board and the invitations point there.
/// </summary>
public sealed partial class ConsultationGrain
{
    public async Task<RoomSnapshot> SetMeetingLink(Actor actor, string? url)
    {
        RoomAccess.EnsureChair(State, RoomId, actor);
        RoomAccess.EnsureOpen(State);
        var link = MeetingLinks.Normalize(url);
        if (link == State.MeetingLink)
            return Snapshot();

        var previous = State.MeetingLink;
        State.MeetingLink = link;
        Append(actor, RoomEventTypes.MeetingLinkChanged, new MeetingLinkChanged(link, previous));
        // The departments' inbox lines carry the link too.
        foreach (var seat in State.Seats)
            Notices.OweInboxLine(seat);
        return await Commit();
    }
}
