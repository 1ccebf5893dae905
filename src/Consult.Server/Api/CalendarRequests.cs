using System.Collections.Immutable;
using System.Globalization;
using Consult.Calendar;

namespace Consult.Server.Api;

/// <summary><c>PUT /calendar/{year}</c>: the year's holidays and make-up working days (<c>year</c> in the body, when sent, must be the path's).</summary>
public sealed record CalendarYearRequest(ImmutableArray<DateOnly>? Holidays, ImmutableArray<DateOnly>? Workdays, int? Year = null);

/// <summary>
/// <c>GET /calendar/{year}</c>: the year's data and where it came from; a year with no data has
/// empty lists, <c>source: none</c> and <c>assumed: true</c> (Monday to Friday). With the centre's working hours.
/// </summary>
public sealed record CalendarYearResponse(
    int Year,
    ImmutableArray<DateOnly> Holidays,
    ImmutableArray<DateOnly> Workdays,
    string Source,
    string? LoadedBy,
    DateTimeOffset? LoadedAt,
    bool Assumed,
    ImmutableArray<WorkingPeriodResponse> WorkingHours)
{
    public static CalendarYearResponse For(int year, WorkingCalendar calendar, WorkingHours hours)
    {
        ImmutableArray<WorkingPeriodResponse> periods = [.. hours.Periods.Select(WorkingPeriodResponse.For)];
        return calendar.Year(year) is { } known
            ? new(year, known.Holidays, known.Workdays, known.Source, known.LoadedBy, known.LoadedAt, false, periods)
            : new(year, [], [], CalendarSources.None, null, null, true, periods);
    }
}

/// <summary>A period of the working day as <c>HH:mm</c>.</summary>
public sealed record WorkingPeriodResponse(string Start, string End)
{
    public static WorkingPeriodResponse For(WorkingPeriod period) => new(
        period.Start.ToString("HH:mm", CultureInfo.InvariantCulture), period.End.ToString("HH:mm", CultureInfo.InvariantCulture));
}

/// <summary><c>GET /calendar/add-working-days</c>: the <c>days</c>-th working day after <c>from</c>.</summary>
public sealed record WorkingDaysResponse(DateOnly From, int Days, DateOnly Date, bool Assumed, ImmutableArray<int> AssumedYears);
