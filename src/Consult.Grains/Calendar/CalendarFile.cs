using System.Collections.Immutable;
using System.Text.Json;
using Consult.Common;

namespace Consult.Calendar;

/// <summary>
/// The years shipped in this assembly (Calendar/calendar.json), taken from the State Council's
/// notices. An administrator's year replaces a shipped one; a year in neither counts Monday to Friday.
/// </summary>
public static class CalendarFile
{
    public static ImmutableArray<CalendarYear> Load()
    {
        using var stream = typeof(CalendarFile).Assembly.GetManifestResourceStream("Consult.Grains.Calendar.calendar.json")
            ?? throw new InvalidOperationException("The calendar resource Consult.Grains.Calendar.calendar.json is missing from the assembly.");
        var file = JsonSerializer.Deserialize<ShippedCalendar>(stream, ConsultJson.Options)
            ?? throw new InvalidOperationException("The calendar file is empty.");
        return [.. file.Years.Select(y => CalendarYear.Problem(y.Year, y.Holidays, y.Workdays) is { } problem
            ? throw new InvalidOperationException($"The shipped calendar of {y.Year} is wrong: {problem}")
            : CalendarYear.Create(y.Year, y.Holidays, y.Workdays, CalendarSources.Shipped))];
    }

    private sealed record ShippedCalendar(ImmutableArray<ShippedYear> Years);

    /// <param name="Notice">The notice the dates come from; for whoever maintains the file.</param>
    private sealed record ShippedYear(int Year, string? Notice, ImmutableArray<DateOnly> Holidays, ImmutableArray<DateOnly> Workdays);
}
