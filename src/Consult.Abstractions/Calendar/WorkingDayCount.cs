using System.Collections.Immutable;

namespace Consult.Calendar;

/// <summary>
/// How many working days lie between two dates (negative when the second is earlier);
/// <see cref="AssumedYears"/> as in <see cref="WorkingDate"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.working-day-count")]
public sealed record WorkingDayCount(
    [property: Id(0)] int Days,
    [property: Id(1)] ImmutableArray<int> AssumedYears)
{
    public bool Assumed => !AssumedYears.IsDefaultOrEmpty;
}
