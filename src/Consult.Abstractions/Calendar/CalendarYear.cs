using System.Collections.Immutable;
using System.Globalization;

namespace Consult.Calendar;

/// <summary>
/// One year's public holidays and make-up working days (调休), as the State Council publishes
/// them. Every other day is a working day when it falls Monday to Friday.
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.calendar-year")]
public sealed record CalendarYear(
    [property: Id(0)] int Year,
    [property: Id(1)] ImmutableArray<DateOnly> Holidays,
    [property: Id(2)] ImmutableArray<DateOnly> Workdays,
    [property: Id(3)] string Source,
    [property: Id(4)] string? LoadedBy = null,
    [property: Id(5)] DateTimeOffset? LoadedAt = null)
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    /// <summary>More than any real schedule needs (2026: 36 holidays, 6 make-up days).</summary>
    public const int MaxEntries = 80;

    /// <summary>
    /// The refusal of a year's data, or null when it may be stored: the year in range, at most
    /// <see cref="MaxEntries"/> dates per list, every date in that year, none listed twice, none
    /// both a holiday and a working day, and make-up working days on a Saturday or Sunday only.
    /// </summary>
    public static CalendarProblem? Problem(int year, IReadOnlyList<DateOnly>? holidays, IReadOnlyList<DateOnly>? workdays)
    {
        if (year is < MinYear or > MaxYear)
            return new(CalendarProblem.Codes.Year, null, $"The year must be between {MinYear} and {MaxYear}.");
        if (holidays is null || workdays is null)
            return new(CalendarProblem.Codes.Required, null, "holidays and workdays are required (an empty list when there are none).");
        if (holidays.Count > MaxEntries || workdays.Count > MaxEntries)
            return new(CalendarProblem.Codes.TooMany, null, $"holidays and workdays hold at most {MaxEntries} dates each.");
        var seen = new HashSet<DateOnly>();
        foreach (var (list, field) in new[] { (holidays, "holidays"), (workdays, "workdays") })
        {
            var inList = new HashSet<DateOnly>();
            foreach (var day in list)
            {
                if (day.Year != year)
                    return new(CalendarProblem.Codes.OtherYear, day, $"{field} holds {Text(day)}, which is not in {year}.");
                if (!inList.Add(day))
                    return new(CalendarProblem.Codes.Twice, day, $"{field} lists {Text(day)} twice.");
                if (!seen.Add(day))
                    return new(CalendarProblem.Codes.Both, day, $"{Text(day)} is listed both as a holiday and as a working day.");
                if (field == "workdays" && !IsWeekend(day))
                    return new(CalendarProblem.Codes.NotWeekend, day, $"{Text(day)} is a {day.DayOfWeek}: a make-up working day falls on a Saturday or Sunday.");
            }
        }

        return null;
    }

    /// <summary>The year with its dates sorted, or <c>invalid_input</c> when <see cref="Problem"/> finds one.</summary>
    public static CalendarYear Create(int year, IReadOnlyList<DateOnly>? holidays, IReadOnlyList<DateOnly>? workdays, string source, string? loadedBy = null, DateTimeOffset? loadedAt = null)
    {
        if (Problem(year, holidays, workdays) is { } problem)
            throw Common.ConsultException.InvalidInput(problem.Message);
        return new CalendarYear(year, [.. holidays!.Order()], [.. workdays!.Order()], source, loadedBy, loadedAt);
    }

    public static bool IsWeekend(DateOnly day) => day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    private static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
