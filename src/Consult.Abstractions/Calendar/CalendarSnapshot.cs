using System.Collections.Immutable;

namespace Consult.Calendar;

/// <summary>
/// Every year the cluster knows (shipped, with an administrator's years in their place).
/// <see cref="Revision"/> grows with every administrator's change, so a reader keeping a copy can
/// tell which of two copies is newer.
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.calendar-snapshot")]
public sealed record CalendarSnapshot(
    [property: Id(0)] long Revision,
    [property: Id(1)] ImmutableArray<CalendarYear> Years)
{
    public WorkingCalendar ToWorkingCalendar() => new(Years);
}
