using System.Globalization;

namespace Consult.Hosting;

/// <summary>The service centre's local calendar: case numbers run per local day; working hours for working time.</summary>
public sealed class ConsultCalendar(TimeZoneInfo zone, Calendar.WorkingHours? hours = null)
{
    public TimeZoneInfo Zone { get; } = zone;

    /// <summary><c>Consult:Centre:WorkingHours</c> (08:30–12:00, 13:30–17:30 unless configured).</summary>
    public Calendar.WorkingHours Hours { get; } = hours ?? Calendar.WorkingHours.Parse(Calendar.WorkingHours.Default, out _)!;

    /// <summary>The centre's working time between two instants, by <paramref name="calendar"/>'s working days.</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to, Calendar.WorkingCalendar calendar) =>
        Calendar.WorkingTime.Between(from, to, calendar, Hours, Zone);

    public string DayKey(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Zone).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static TimeZoneInfo FindZone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);
}
