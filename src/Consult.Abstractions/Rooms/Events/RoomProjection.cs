using System.Collections.Immutable;

namespace Consult.Rooms.Events;

/// <summary>
/// A room snapshot moved forward by one event, as a client that holds the board does it: no need
/// to read the room again on every event. Pure, so it is tested against the grain's own snapshots.
/// </summary>
public static class RoomProjection
{
    /// <summary>
    /// The room after <paramref name="roomEvent"/>; null when the event is not the next one
    /// (<c>seq</c> must be <c>room.Seq + 1</c>) or of a type this version cannot apply: then read the room.
    /// </summary>
    public static RoomSnapshot? Apply(RoomSnapshot room, RoomEvent roomEvent)
    {
        if (roomEvent.Seq != room.Seq + 1 || roomEvent.RoomId != room.RoomId)
            return null;
        var next = room with { Seq = roomEvent.Seq };
        switch (roomEvent.Type)
        {
            case RoomEventTypes.MessagePosted:
            case RoomEventTypes.CallJoined:
            case RoomEventTypes.CallLeft:
                return next;
            case RoomEventTypes.DecisionCast:
                {
                    var cast = RoomEventPayloads.Read<DecisionCast>(roomEvent);
                    var decision = new DecisionView(cast.Outcome, cast.Comment, cast.Conditions.IsDefault ? [] : cast.Conditions, roomEvent.Actor, roomEvent.At, cast.Revision, cast.OnBehalf,
                        cast.Materials.IsDefault ? [] : cast.Materials, DecidedByName: roomEvent.ActorName);
                    decision = MaterialVersions.Flag(decision, next.Materials)!;
                    return WithSeat(next, cast.Department, s => s with { Decision = decision, Status = cast.Status }) is { } decided
                        ? decided with { JointOutcome = cast.JointOutcome }
                        : null;
                }

            case RoomEventTypes.SeatJoined:
                {
                    var joined = RoomEventPayloads.Read<SeatJoined>(roomEvent);
                    return WithSeat(next, joined.Department, s => s with { Status = joined.Status });
                }

            case RoomEventTypes.SeatInvited:
                {
                    var invited = RoomEventPayloads.Read<SeatInvited>(roomEvent);
                    return next with
                    {
                        Seats = next.Seats.Add(new SeatView(invited.Department, invited.Role, SeatStatus.Invited, roomEvent.At, null, [])),
                        JointOutcome = invited.JointOutcome,
                    };
                }

            // Rooms no longer log presence (it is a SeatPresence notification), but logs stored before still hold it.
            case RoomEventTypes.PresenceChanged:
                {
                    var presence = RoomEventPayloads.Read<PresenceChanged>(roomEvent);
                    if (presence.Department is null)
                        return next;
                    return WithSeat(next, presence.Department, s => s with
                    {
                        Present = presence.Connected
                            ? (s.Present.Contains(presence.UserName) ? s.Present : [.. s.Present.Add(presence.UserName).Order(StringComparer.Ordinal)])
                            : s.Present.Remove(presence.UserName),
                    }) ?? next;
                }

            case RoomEventTypes.Started:
                return next with { Status = RoomStatus.Open, StartedAt = RoomEventPayloads.Read<Started>(roomEvent).StartedAt };
            case RoomEventTypes.ReminderSent:
                {
                    var sent = RoomEventPayloads.Read<ReminderSent>(roomEvent);
                    var reminded = next;
                    foreach (var department in sent.Departments.IsDefault ? [] : sent.Departments)
                        reminded = WithSeat(reminded, department, s => s with { LastRemindedAt = roomEvent.At }) ?? reminded;
                    return reminded;
                }

            case RoomEventTypes.CardIssued:
                {
                    var card = RoomEventPayloads.Read<CardIssued>(roomEvent);
                    return next with { Cards = (next.Cards.IsDefault ? [] : next.Cards).Add(new RoomCard(card.Department, card.Level, card.Reason, roomEvent.At)) };
                }

            case RoomEventTypes.DeadlinePassed:
                return next;
            case RoomEventTypes.MaterialsUpdated:
                {
                    var materials = RoomEventPayloads.Read<MaterialsUpdated>(roomEvent).Materials;
                    return next with
                    {
                        Materials = materials,
                        Seats = [.. next.Seats.Select(s => s with { Decision = MaterialVersions.Flag(s.Decision, materials) })],
                    };
                }

            case RoomEventTypes.MeetingLinkChanged:
                return next with { MeetingLink = RoomEventPayloads.Read<MeetingLinkChanged>(roomEvent).MeetingLink };
            case RoomEventTypes.DeadlineExtended:
                return next with { Deadline = RoomEventPayloads.Read<DeadlineExtended>(roomEvent).Deadline };
            case RoomEventTypes.RoomClosed:
                {
                    var closed = RoomEventPayloads.Read<RoomClosed>(roomEvent);
                    return next with
                    {
                        Status = RoomStatus.Closed, JointOutcome = closed.JointOutcome, Statement = closed.Statement, ClosedAt = closed.ClosedAt,
                        ClosedBy = roomEvent.Actor, ClosedByName = roomEvent.ActorName,
                    };
                }

            default:
                return null;
        }
    }

    /// <summary>The room with <paramref name="presence"/> shown on its seat (unchanged if it is another room's or the seat is unknown).</summary>
    public static RoomSnapshot WithPresence(RoomSnapshot room, Realtime.SeatPresence presence) =>
        presence.RoomId == room.RoomId && WithSeat(room, presence.Department, s => s with { Present = presence.Present.IsDefault ? [] : presence.Present }) is { } changed
            ? changed
            : room;

    private static RoomSnapshot? WithSeat(RoomSnapshot room, string department, Func<SeatView, SeatView> change)
    {
        var index = room.Seats.IndexOf(room.Seats.FirstOrDefault(s => s.Department == department)!);
        if (index < 0)
            return null;
        var seat = room.Seats[index];
        return room with { Seats = room.Seats.SetItem(index, change(seat with { Present = seat.Present.IsDefault ? ImmutableArray<string>.Empty : seat.Present })) };
    }
}
