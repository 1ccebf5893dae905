namespace Consult.Calendar;

/// <summary>Where a year's calendar came from (the <c>source</c> of <c>GET /calendar/{year}</c>).</summary>
public static class CalendarSources
{
    /// <summary>The data file shipped with this build (the State Council's notice for that year).</summary>
    public const string Shipped = "shipped";

    /// <summary>Loaded or corrected by an administrator (who and when are kept).</summary>
    public const string Admin = "admin";

    /// <summary>No calendar for the year: Monday to Friday are counted as working days.</summary>
    public const string None = "none";
}
