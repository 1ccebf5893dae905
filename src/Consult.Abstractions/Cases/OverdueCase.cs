namespace Consult.Cases;

/// <summary>A red card on a case: its statutory clock ran out with the case undecided.</summary>
[GenerateSerializer, Immutable, Alias("consult.overdue-case")]
public sealed record OverdueCase(
    [property: Id(0)] Guid CaseId,
    [property: Id(1)] string CaseNumber,
    [property: Id(2)] string MatterCode,
    [property: Id(3)] DateOnly Due,
    [property: Id(4)] DateTimeOffset CardAt);
