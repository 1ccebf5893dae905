using System.Globalization;

namespace Consult.Hosting;

/// <summary>The service centre's local calendar: case numbers run per local day.</summary>
public sealed class ConsultCalendar(TimeZoneInfo zone)
{
    public TimeZoneInfo Zone { get; } = zone;

    public string DayKey(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Zone).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static TimeZoneInfo FindZone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);
}
