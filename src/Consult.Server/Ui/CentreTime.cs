using Consult.Hosting;

namespace Consult.Server.Ui;

/// <summary>Times as the service centre reads them (Consult:TimeZone), not as the server's clock is set.</summary>
public static class CentreTime
{
    public static DateTimeOffset ToCentre(this DateTimeOffset instant, ConsultCalendar calendar) =>
        TimeZoneInfo.ConvertTime(instant, calendar.Zone);

    /// <summary>A time typed into a form (centre time, no offset) as an instant.</summary>
    public static DateTimeOffset FromCentre(this DateTime local, ConsultCalendar calendar) =>
        new(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), calendar.Zone.GetUtcOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified)));
}
