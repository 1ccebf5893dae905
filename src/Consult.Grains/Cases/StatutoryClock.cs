using Consult.Calendar;
using Consult.Common;

namespace Consult.Cases;

/// <summary>
/// The rules of a case's statutory clock (行政许可法 Art. 42, 82): the limit in working days from
/// acceptance, plus extensions, plus the working days it stood paused for a supplement. The day a
/// pause starts still counts; the working days after it, up to and including the day the applicant
/// resubmits, do not. The clock runs out at the start of the day after the due date, in the
/// centre's time zone. Pure: the grain gives it the state, the calendar and the time.
/// </summary>
public sealed class StatutoryClock(StatutoryState state, WorkingCalendar calendar, TimeZoneInfo zone)
{
    /// <summary>行政许可法 Art. 42: extendable by 10 working days.</summary>
    public const int ExtensionWorkingDays = 10;

    /// <summary>Art. 42 allows one extension.</summary>
    public const int MaxExtensions = 1;

    public WorkingCalendar Calendar => calendar;

    public bool Started => state.LimitWorkingDays > 0;

    public bool Paused => state.Pauses.Count > 0 && state.Pauses[^1].ResumedAt is null;

    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    public static void Start(StatutoryState state, int limitWorkingDays, DateTimeOffset acceptedAt, TimeZoneInfo zone)
    {
        state.LimitWorkingDays = limitWorkingDays;
        state.AcceptedOn = LocalDate(acceptedAt, zone);
    }

    /// <summary>The due date as of <paramref name="now"/> (a running pause counts up to today).</summary>
    public WorkingDate Due(DateTimeOffset now)
    {
        var today = LocalDate(now, zone);
        var paused = 0;
        var assumed = new SortedSet<int>();
        foreach (var pause in state.Pauses)
        {
            var count = calendar.CountWorkingDays(pause.PausedOn, pause.ResumedOn ?? today);
            assumed.UnionWith(count.AssumedYears);
            paused += Math.Max(0, count.Days);
        }

        var due = calendar.AddWorkingDays(state.AcceptedOn, state.LimitWorkingDays + state.Extensions.Sum(e => e.WorkingDays) + paused);
        assumed.UnionWith(due.AssumedYears);
        return due with { AssumedYears = [.. assumed] };
    }

    /// <summary>The instant the clock runs out: the start of the day after <see cref="Due"/>, in the centre.</summary>
    public DateTimeOffset RunsOutAt(DateTimeOffset now)
    {
        var local = Due(now).Date.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }

    /// <summary>True when the clock has run out at <paramref name="now"/> (never while paused).</summary>
    public bool RanOut(DateTimeOffset now) => Started && !Paused && now >= RunsOutAt(now);

    public void Pause(DateTimeOffset now, string reason)
    {
        if (!Started || Paused)
            return;
        state.Pauses.Add(new StatutoryPause(now, LocalDate(now, zone), reason));
    }

    /// <summary>Resumes the clock; the pause with the working days it did not count.</summary>
    public StatutoryPause Resume(DateTimeOffset now, string resumedBy)
    {
        if (!Paused)
            throw ConsultException.Conflict("The statutory clock is not paused for a supplement.");
        var open = state.Pauses[^1];
        var today = LocalDate(now, zone);
        var days = Math.Max(0, calendar.CountWorkingDays(open.PausedOn, today).Days);
        var closed = open with { ResumedAt = now, ResumedOn = today, ResumedBy = resumedBy, WorkingDays = days };
        state.Pauses[^1] = closed;
        return closed;
    }

    public StatutoryExtension Extend(DateTimeOffset now, string approvedBy, string reason, string? approvedByName = null)
    {
        if (state.Extensions.Count >= MaxExtensions)
            throw ConsultException.Conflict("The statutory limit was extended already: 行政许可法 Art. 42 allows one extension.");
        var extension = new StatutoryExtension(ExtensionWorkingDays, reason, approvedBy, now, approvedByName);
        state.Extensions.Add(extension);
        return extension;
    }

    /// <summary>Stops the clock when the case is decided or withdrawn; runs it again if it is reopened (a next stage).</summary>
    public static void Follow(StatutoryState state, bool undecided, DateTimeOffset now) =>
        state.StoppedAt = undecided ? null : state.StoppedAt ?? now;

    /// <summary>The contract's <c>statutory</c>, as of now or of the stop; for the applicant, without staff names.</summary>
    public StatutoryClockView View(DateTimeOffset now, bool forApplicant)
    {
        var at = state.StoppedAt ?? now;
        var due = Due(at);
        var left = calendar.CountWorkingDays(LocalDate(at, zone), due.Date).Days;
        return new StatutoryClockView(
            state.LimitWorkingDays,
            state.AcceptedOn,
            due.Date,
            Paused,
            [.. state.Pauses.Select(p => forApplicant ? p with { ResumedBy = null } : p)],
            [.. state.Extensions.Select(e => forApplicant ? e with { ApprovedBy = null, ApprovedByName = null } : e)],
            due.Assumed,
            state.RedCardAt,
            left,
            state.StoppedAt is { } stopped ? LocalDate(stopped, zone) : null,
            state.StoppedAt is { } end ? calendar.CountWorkingDays(state.AcceptedOn, LocalDate(end, zone)).Days : null);
    }
}
