using System.Collections.Immutable;
using Consult.Common;

namespace Consult.Calendar;

/// <summary>The working-day calendar: one per cluster (key 0), kept durably.</summary>
[Alias("consult.calendar-grain")]
public interface ICalendarGrain : IGrainWithIntegerKey
{
    [Alias("get")]
    Task<CalendarSnapshot> Get();

    /// <summary>
    /// An administrator loads or corrects a year; it replaces the shipped data of that year.
    /// Refused (<c>forbidden</c>, <c>invalid_input</c>) without changing anything.
    /// </summary>
    [Alias("put")]
    Task<CalendarSnapshot> Put(Actor actor, int year, ImmutableArray<DateOnly> holidays, ImmutableArray<DateOnly> workdays);
}
