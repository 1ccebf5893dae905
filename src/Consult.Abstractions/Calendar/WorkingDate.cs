using System.Collections.Immutable;

namespace Consult.Calendar;

/// <summary>
/// A date found by counting working days; <see cref="AssumedYears"/> are the years counted
/// Monday to Friday because no calendar was loaded for them.
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.working-date")]
public sealed record WorkingDate(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] ImmutableArray<int> AssumedYears)
{
    public bool Assumed => !AssumedYears.IsDefaultOrEmpty;
}
