using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Consult.Calendar;

/// <summary>
/// Working-day arithmetic over the loaded years (行政许可法 Art. 82: the law's days are working
/// days). A day is a working day when it is a make-up working day of its year, or a Monday to
/// Friday that is not a holiday. A year with no data counts Monday to Friday, and every answer
/// says which such years it used. Pure and immutable: grains, endpoints and pages share one.
/// </summary>
public sealed class WorkingCalendar
{
    /// <summary>Longest count accepted (about 40 years): a guard against looping to the end of time.</summary>
    public const int MaxDays = 10_000;

    private readonly FrozenDictionary<int, CalendarYear> _years;
    private readonly FrozenSet<DateOnly> _holidays;
    private readonly FrozenSet<DateOnly> _workdays;

    public WorkingCalendar(IEnumerable<CalendarYear> years)
    {
        _years = years.ToFrozenDictionary(y => y.Year);
        _holidays = _years.Values.SelectMany(y => y.Holidays).ToFrozenSet();
        _workdays = _years.Values.SelectMany(y => y.Workdays).ToFrozenSet();
    }

    /// <summary>No year loaded: Monday to Friday everywhere.</summary>
    public static WorkingCalendar MondayToFriday { get; } = new([]);

    /// <summary>The loaded years, in order.</summary>
    public ImmutableArray<CalendarYear> Years => [.. _years.Values.OrderBy(y => y.Year)];

    /// <summary>The data of <paramref name="year"/>, or null when it is assumed (Monday to Friday).</summary>
    public CalendarYear? Year(int year) => _years.GetValueOrDefault(year);

    public bool IsAssumed(int year) => !_years.ContainsKey(year);

    public bool IsWorkingDay(DateOnly day) =>
        _workdays.Contains(day) || (!CalendarYear.IsWeekend(day) && !_holidays.Contains(day));

    /// <summary>
    /// The <paramref name="days"/>-th working day after <paramref name="from"/> (<paramref name="from"/>
    /// itself is not counted, whatever it is); 0 answers <paramref name="from"/>.
    /// </summary>
    public WorkingDate AddWorkingDays(DateOnly from, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MaxDays);
        var assumed = new SortedSet<int>();
        var day = from;
        for (var counted = 0; counted < days;)
        {
            day = day.AddDays(1);
            if (IsAssumed(day.Year))
                assumed.Add(day.Year);
            if (IsWorkingDay(day))
                counted++;
        }

        return new WorkingDate(day, [.. assumed]);
    }

    /// <summary>
    /// The working days after <paramref name="from"/> up to and including <paramref name="to"/>, so that
    /// <c>CountWorkingDays(d, AddWorkingDays(d, n).Date).Days == n</c>; negative when <paramref name="to"/> is earlier.
    /// </summary>
    public WorkingDayCount CountWorkingDays(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            var back = CountWorkingDays(to, from);
            return back with { Days = -back.Days };
        }

        if (to.DayNumber - from.DayNumber > MaxDays * 2)
            throw new ArgumentOutOfRangeException(nameof(to), "The dates are too far apart to count.");
        var assumed = new SortedSet<int>();
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsAssumed(day.Year))
                assumed.Add(day.Year);
            if (IsWorkingDay(day))
                count++;
        }

        return new WorkingDayCount(count, [.. assumed]);
    }
}
