namespace Consult.Cases;

[GenerateSerializer, Immutable, Alias("consult.case-registered")]
public sealed record CaseRegistered(
    [property: Id(0)] Guid CaseId,
    [property: Id(1)] string CaseNumber,
    [property: Id(2)] string TrackingToken);
