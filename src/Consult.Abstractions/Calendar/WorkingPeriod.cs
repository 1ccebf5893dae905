namespace Consult.Calendar;

/// <summary>A stretch of the centre's working day, such as 08:30–12:00.</summary>
[GenerateSerializer, Immutable, Alias("consult.working-period")]
public sealed record WorkingPeriod(
    [property: Id(0)] TimeOnly Start,
    [property: Id(1)] TimeOnly End);
