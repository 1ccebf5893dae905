using System.Collections.Immutable;
using Consult.Common;
using Consult.Rooms.Events;

namespace Consult.Rooms;

/// <summary>
/// The room's clock as pure rules over its state: what is due at an instant (the reminder before a
/// scheduled start, the start, the reminders at shares of the limit, yellow cards, the deadline
/// with its deemed consents and red cards), and when it next acts. The room runs
/// <see cref="Advance"/> on its durable reminder's tick and re-arms the reminder for
/// <see cref="NextDue"/>; what was done is recorded in <see cref="RoomClockState"/>, so a tick that
/// runs twice does nothing the second time.
/// </summary>
public static class RoomClock
{
    public const string System = "system";
    public const string StartReason = "start";
    public const string LimitReason = "limit";
    public const string ManualReason = "manual";

    /// <summary>An event the clock adds to the log (actor <c>system</c>); <see cref="Department"/> is set for a decision.</summary>
    public sealed record Entry(string Type, string Payload, string? Department = null);

    /// <summary>When the session began or begins: the actual start once started, else the scheduled one.</summary>
    public static DateTimeOffset StartOf(RoomState room) => room.Clock.StartedAt ?? room.ScheduledAt ?? room.OpenedAt;

    /// <summary>Does everything due at <paramref name="now"/> that has not been done; answers the events to log, in order.</summary>
    public static IReadOnlyList<Entry> Advance(RoomState room, DateTimeOffset now, ClockOptions options)
    {
        var entries = new List<Entry>();
        if (!room.Opened || room.Status == RoomStatus.Closed)
            return entries;
        var clock = room.Clock;

        if (room.Status == RoomStatus.Scheduled)
        {
            var start = room.ScheduledAt ?? room.OpenedAt;
            if (!clock.StartReminderSent && now >= start - options.StartReminderLead)
            {
                clock.StartReminderSent = true;
                // Past the start the started event itself tells the seats.
                if (now < start)
                    entries.Add(Remind(room, [.. room.Seats.Select(s => s.Department)], now, StartReason, null));
            }

            if (now < start)
                return entries;
            room.Status = RoomStatus.Open;
            clock.StartedAt = now;
            entries.Add(new Entry(RoomEventTypes.Started, RoomEventPayloads.Write(new Started(now, room.Deadline))));
        }

        var from = StartOf(room);
        var limit = room.Deadline - from;
        var passed = now >= room.Deadline;
        foreach (var fraction in options.Fractions)
        {
            if (clock.FractionsReminded.Contains(fraction) || now < from + limit * fraction)
                continue;
            clock.FractionsReminded.Add(fraction);
            var waiting = Undecided(room).Select(s => s.Department).ToImmutableArray();
            // After the deadline a share's reminder is overtaken by the deadline itself.
            if (!passed && waiting.Length > 0)
                entries.Add(Remind(room, waiting, now, LimitReason, fraction));
        }

        if (!passed && now >= from + limit * options.YellowCardFraction)
        {
            foreach (var seat in Undecided(room).Where(s => NeedsYellow(clock, s)))
                entries.Add(Card(room, seat.Department, CardLevel.Yellow, $"{options.YellowCardFraction:P0} of the time limit passed without a decision", now));
        }

        if (passed && clock.DeadlineHandled != room.Deadline)
        {
            clock.DeadlineHandled = room.Deadline;
            var deemed = Undecided(room).Where(s => s.DeemedConsentOnTimeout).ToList();
            var pending = Undecided(room).Where(s => !s.DeemedConsentOnTimeout).Select(s => s.Department).ToImmutableArray();
            entries.Add(new Entry(RoomEventTypes.DeadlinePassed, RoomEventPayloads.Write(new DeadlinePassed(room.Deadline, [.. deemed.Select(s => s.Department)], pending))));
            foreach (var seat in deemed)
            {
                var input = new DecisionInput(seat.Department, DecisionOutcome.DeemedConsent, "", "No decision by the deadline: deemed consent (超时默许).");
                seat.Record(input, [], System, now, room.CurrentMaterials);
                var cast = new DecisionCast(seat.Department, DecisionOutcome.DeemedConsent, seat.Decision!.Comment, [], seat.Decision.Revision, false, seat.Status, room.Outcome(), room.CurrentMaterials);
                entries.Add(new Entry(RoomEventTypes.DecisionCast, RoomEventPayloads.Write(cast), seat.Department));
            }

            foreach (var seat in Undecided(room).Where(s => s.Role == SeatRole.Required && !clock.HasCard(s.Department, CardLevel.Red)))
                entries.Add(Card(room, seat.Department, CardLevel.Red, "The time limit passed without a decision", now));
        }

        return entries;
    }

    /// <summary>The next instant the clock has something to do; null when nothing is left (closed, or all done).</summary>
    public static DateTimeOffset? NextDue(RoomState room, ClockOptions options)
    {
        if (!room.Opened || room.Status == RoomStatus.Closed)
            return null;
        var clock = room.Clock;
        if (room.Status == RoomStatus.Scheduled)
        {
            var start = room.ScheduledAt ?? room.OpenedAt;
            return clock.StartReminderSent ? start : start - options.StartReminderLead;
        }

        var from = StartOf(room);
        var limit = room.Deadline - from;
        var due = new List<DateTimeOffset>();
        due.AddRange(options.Fractions.Where(f => !clock.FractionsReminded.Contains(f)).Select(f => from + limit * f));
        if (Undecided(room).Any(s => NeedsYellow(clock, s)))
            due.Add(from + limit * options.YellowCardFraction);
        if (clock.DeadlineHandled != room.Deadline)
            due.Add(room.Deadline);
        return due.Count == 0 ? null : due.Min();
    }

    /// <summary>
    /// A reminder by hand: the undecided required and advisory seats among <paramref name="departments"/>
    /// (null: all) not reminded by hand within the interval; answers the result and the event to log, if any.
    /// </summary>
    public static (RemindResult Result, Entry? Entry) RemindByHand(RoomState room, ImmutableArray<string>? departments, DateTimeOffset now, ClockOptions options)
    {
        if (room.Status == RoomStatus.Scheduled)
            throw ConsultException.Conflict("The session has not started yet; its seats are reminded before the start by themselves.");
        var asked = departments is { IsDefault: false } named ? named : [.. room.Seats.Select(s => s.Department)];
        if (asked.Length > room.Seats.Count || asked.Any(string.IsNullOrWhiteSpace))
            throw ConsultException.InvalidInput("departments must name seats of this room, each once.");
        var unknown = asked.Where(d => room.SeatOf(d) is null).ToList();
        if (unknown.Count > 0)
            throw ConsultException.InvalidInput($"Not seats of this room: {string.Join(", ", unknown)}.");
        if (asked.Distinct().Count() != asked.Length)
            throw ConsultException.InvalidInput("A department is listed twice.");

        var reminded = ImmutableArray.CreateBuilder<string>();
        var skipped = ImmutableArray.CreateBuilder<SkippedReminder>();
        foreach (var seat in asked.Select(d => room.SeatOf(d)!))
        {
            if (seat.Role == SeatRole.Notify)
                skipped.Add(new SkippedReminder(seat.Department, "notify"));
            else if (seat.Decision is not null)
                skipped.Add(new SkippedReminder(seat.Department, "decided"));
            else if (room.Clock.ManuallyReminded.TryGetValue(seat.Department, out var last) && now < last + options.ManualReminderInterval)
                skipped.Add(new SkippedReminder(seat.Department, "tooSoon", last + options.ManualReminderInterval));
            else
                reminded.Add(seat.Department);
        }

        foreach (var department in reminded)
            room.Clock.ManuallyReminded[department] = now;
        var result = new RemindResult(reminded.ToImmutable(), skipped.ToImmutable());
        return (result, reminded.Count == 0 ? null : Remind(room, result.Reminded, now, ManualReason, null));
    }

    /// <summary>Required and advisory seats with no decision.</summary>
    private static IEnumerable<SeatState> Undecided(RoomState room) => room.Seats.Where(s => s.Role != SeatRole.Notify && s.Decision is null);

    // A seat under a red card (a deadline passed, then extended) is not warned again.
    private static bool NeedsYellow(RoomClockState clock, SeatState seat) =>
        seat.Role == SeatRole.Required && !clock.HasCard(seat.Department, CardLevel.Yellow) && !clock.HasCard(seat.Department, CardLevel.Red);

    private static Entry Remind(RoomState room, ImmutableArray<string> departments, DateTimeOffset now, string reason, double? fraction)
    {
        foreach (var department in departments)
            room.Clock.LastReminded[department] = now;
        return new Entry(RoomEventTypes.ReminderSent, RoomEventPayloads.Write(new ReminderSent(departments, reason, fraction)));
    }

    private static Entry Card(RoomState room, string department, CardLevel level, string reason, DateTimeOffset now)
    {
        room.Clock.Cards.Add(new RoomCard(department, level, reason, now));
        return new Entry(RoomEventTypes.CardIssued, RoomEventPayloads.Write(new CardIssued(department, level, reason)));
    }
}
