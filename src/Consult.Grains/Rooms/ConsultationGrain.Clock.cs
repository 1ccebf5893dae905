using System.Collections.Immutable;
using Consult.Common;
using Consult.Outbox;
using Consult.Rooms.Events;

namespace Consult.Rooms;

/// <summary>The room's clock: its deadline, its reminder's tick (<see cref="RoomClock"/>, <see cref="RoomAlarm"/>) and the convener's 催办.</summary>
public sealed partial class ConsultationGrain
{
    public async Task<RoomSnapshot> ExtendDeadline(Actor actor, DateTimeOffset deadline, string reason)
    {
        RoomAccess.EnsureChair(State, RoomId, actor);
        RoomAccess.EnsureOpen(State);
        deadline = deadline.ToUniversalTime();
        var previous = State.Extend(deadline, reason, time.GetUtcNow());
        Append(actor, RoomEventTypes.DeadlineExtended, new DeadlineExtended(previous, deadline, reason.Trim()));
        foreach (var seat in State.Seats)
            Notices.OweInboxLine(seat);
        Notices.Owe(new MetricsDeadlineNotice(deadline));
        Notices.Owe(new CaseRoomProgressNotice());
        return await Commit();
    }

    public async Task<RemindResult> Remind(Actor actor, ImmutableArray<string>? departments)
    {
        RoomAccess.EnsureChair(State, RoomId, actor);
        RoomAccess.EnsureOpen(State);
        var now = time.GetUtcNow();
        var (result, entry) = RoomClock.RemindByHand(State, departments, now, clockOptions.Value);
        if (entry is null)
            return result;
        Notify(Log.Append(actor.UserName, entry.Type, entry.Payload, now, actorName: actor.DisplayName));
        foreach (var department in result.Reminded)
            Notices.OweInboxLine(State.SeatOf(department)!);
        await Commit();
        return result;
    }

    /// <summary>An event just added: what it tells people outside the app goes into the outbox with it.</summary>
    private RoomEvent Notify(RoomEvent added)
    {
        Notices.OweNotifications(added);
        return added;
    }

    /// <summary>
    /// A tick of the clock's reminder: does what is due (once: the state records it), re-arms the
    /// reminder for the next instant, and writes both in one write.
    /// </summary>
    private async Task Tick()
    {
        if (!State.Opened)
            return;
        var now = time.GetUtcNow();
        var entries = RoomClock.Advance(State, now, clockOptions.Value);
        foreach (var entry in entries)
            Notify(Log.Append(RoomClock.System, entry.Type, entry.Payload, now, department: entry.Department));
        if (entries.Count > 0)
        {
            foreach (var seat in State.Seats)
            {
                Notices.OweInboxLine(seat);
                if (seat.Decision is { DecidedBy: RoomClock.System } && entries.Any(e => e.Department == seat.Department))
                    Notices.OweResponse(seat);
            }

            Notices.Owe(new MetricsSupervisionNotice(
                [.. State.Clock.Cards],
                [.. State.Seats.Where(s => s.Decision?.Outcome == DecisionOutcome.DeemedConsent).Select(s => s.Department)]));
            Notices.Owe(new CaseRoomProgressNotice());
            // The last tick drops the clock's reminder: the outbox's keeps what it owes alive.
            await Outbox.Secure();
        }

        var armed = State.Clock.NextDue;
        await Alarm.Arm(force: true);
        if (entries.Count == 0 && armed == State.Clock.NextDue)
            return;
        await Persist();
        await Outbox.Deliver();
    }
}
