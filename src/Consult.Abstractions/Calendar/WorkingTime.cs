namespace Consult.Calendar;

/// <summary>
/// Time inside the centre's working hours on working days, between two instants: what "3 hours of
/// working time" means when a session is compared with a legal limit in working days.
/// </summary>
public static class WorkingTime
{
    /// <summary>At most this many days are walked (ten years); a longer span is cut there.</summary>
    private const int MaxDays = 3660;

    /// <summary>
    /// The working time between <paramref name="from"/> and <paramref name="to"/> (zero when
    /// <paramref name="to"/> is not later), each day read in the centre's <paramref name="zone"/>.
    /// </summary>
    public static TimeSpan Between(DateTimeOffset from, DateTimeOffset to, WorkingCalendar calendar, WorkingHours hours, TimeZoneInfo zone)
    {
        if (to <= from)
            return TimeSpan.Zero;
        var localFrom = TimeZoneInfo.ConvertTime(from, zone);
        var localTo = TimeZoneInfo.ConvertTime(to, zone);
        var total = TimeSpan.Zero;
        var day = DateOnly.FromDateTime(localFrom.DateTime);
        var lastDay = DateOnly.FromDateTime(localTo.DateTime);
        for (var walked = 0; day <= lastDay && walked < MaxDays; day = day.AddDays(1), walked++)
        {
            if (!calendar.IsWorkingDay(day))
                continue;
            foreach (var period in hours.Periods)
            {
                var start = Local(day, period.Start, zone);
                var end = Local(day, period.End, zone);
                var overlapStart = start > from ? start : from;
                var overlapEnd = end < to ? end : to;
                if (overlapEnd > overlapStart)
                    total += overlapEnd - overlapStart;
            }
        }

        return total;
    }

    /// <summary><paramref name="days"/> working days of the centre's hours, in minutes.</summary>
    public static double DaysInMinutes(int days, WorkingHours hours) => days * hours.PerDay.TotalMinutes;

    private static DateTimeOffset Local(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
