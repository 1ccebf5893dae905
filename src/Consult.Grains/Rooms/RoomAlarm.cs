using Microsoft.Extensions.Logging;

namespace Consult.Rooms;

/// <summary>
/// The room clock's durable reminder (<see cref="ReminderName"/>): registered, before the write that
/// makes it due, for the next instant the clock acts (<see cref="RoomClock.NextDue"/>), and dropped
/// once nothing is left. Orleans reminders repeat with a minimum period, so a one-off instant is a
/// reminder due then whose period only matters if its tick is lost; each tick re-arms it. The
/// instant registered is kept in the room's state, so a restart knows what should be registered.
/// </summary>
public sealed partial class RoomAlarm(Grain room, Func<RoomState> state, TimeProvider time, ClockOptions options, ILogger logger)
{
    public const string ReminderName = "clock";

    private static readonly TimeSpan Soonest = TimeSpan.FromMilliseconds(200);

    private RoomClockState Clock => state().Clock;

    /// <summary>Registers, moves or drops the reminder for the room as it stands (call before writing it).</summary>
    public async Task Arm(bool force = false)
    {
        var next = RoomClock.NextDue(state(), options);
        if (next == Clock.NextDue && !force)
            return;
        if (next is { } due)
        {
            var wait = due - time.GetUtcNow();
            await room.RegisterOrUpdateReminder(ReminderName, wait > Soonest ? wait : Soonest, options.ReminderPeriod);
        }
        else if (await room.GetReminder(ReminderName) is { } reminder)
        {
            await room.UnregisterReminder(reminder);
        }

        Clock.NextDue = next;
    }

    /// <summary>
    /// On activation: a room whose clock is due makes sure its reminder exists (a registration may
    /// have failed after the room's write); never fails the activation.
    /// </summary>
    public async Task Resume()
    {
        if (Clock.NextDue is null)
            return;
        try
        {
            if (await room.GetReminder(ReminderName) is null)
                await Arm(force: true);
        }
        catch (Exception e)
        {
            LogResumeFailed(logger, e, room.GetGrainId());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{GrainId} could not check its clock reminder on activation; its next command or tick tries again")]
    private static partial void LogResumeFailed(ILogger logger, Exception exception, GrainId grainId);
}
