using System.Collections.Immutable;
using Consult.Rooms;
using Consult.Rooms.Events;

namespace Consult.Notifications;

/// <summary>
/// The notifications a room event makes: an invitation per seat at the opening and per seat added,
/// a reminder per department reminded, a card, a new external meeting link, the close. Each key is the room, the event's seq
/// and the department, so the same event always makes the same notifications.
/// </summary>
public static class RoomNotifications
{
    public static IEnumerable<NotificationEvent> From(RoomState room, RoomEvent e)
    {
        switch (e.Type)
        {
            case RoomEventTypes.RoomOpened:
                return room.Seats.Select(s => Make(room, e, NotificationTypes.Invitation, [s.Department]));
            case RoomEventTypes.SeatInvited:
                return [Make(room, e, NotificationTypes.Invitation, [RoomEventPayloads.Read<SeatInvited>(e).Department])];
            case RoomEventTypes.ReminderSent:
                return RoomEventPayloads.Read<ReminderSent>(e).Departments.Select(d => Make(room, e, NotificationTypes.Reminder, [d]));
            case RoomEventTypes.CardIssued:
                var card = RoomEventPayloads.Read<CardIssued>(e);
                return card.Department is { } carded
                    ? [Make(room, e, NotificationTypes.Card, [carded], card.Level == CardLevel.Red ? "红牌（超过会商时限未表态）" : "黄牌（临近会商时限仍未表态）")]
                    : [];
            case RoomEventTypes.MeetingLinkChanged:
                // Invitations carried the old link (or none): every seat is told the new one, once.
                var link = RoomEventPayloads.Read<MeetingLinkChanged>(e).MeetingLink;
                return [Make(room, e, NotificationTypes.MeetingLinkChanged, [.. room.Seats.Select(s => s.Department)], meetingLink: link)];
            case RoomEventTypes.RoomClosed:
                var closed = RoomEventPayloads.Read<RoomClosed>(e);
                return [Make(room, e, NotificationTypes.RoomClosed, [.. room.Seats.Select(s => s.Department)], NotificationTexts.Outcome(closed.JointOutcome))];
            default:
                return [];
        }
    }

    private static NotificationEvent Make(RoomState room, RoomEvent e, string type, ImmutableArray<string> departments, string? detail = null, string? meetingLink = null) =>
        new($"{e.RoomId:N}:{e.Seq}:{string.Join(',', departments)}", type, e.At, room.CaseId, room.CaseNumber, room.MatterCode, e.RoomId, departments,
            room.Status == RoomStatus.Scheduled ? room.ScheduledAt : null, room.Deadline, detail,
            MeetingLink: type == NotificationTypes.Invitation ? room.MeetingLink : meetingLink);
}
