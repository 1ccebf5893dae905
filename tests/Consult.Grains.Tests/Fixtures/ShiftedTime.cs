namespace Consult.Grains.Tests.Fixtures;

/// <summary>
/// The real clock moved to a chosen instant: it keeps running from there, and its timers are real,
/// so a silo's own timers and reminders keep working while a test moves the grains' "now" by weeks.
/// (A frozen fake clock would also freeze the silo's timers.)
/// </summary>
public sealed class ShiftedTime : TimeProvider
{
    private long _offsetTicks;

    public ShiftedTime(DateTimeOffset now) => MoveTo(now);

    public void MoveTo(DateTimeOffset now) => Interlocked.Exchange(ref _offsetTicks, (now - System.GetUtcNow()).Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
}
