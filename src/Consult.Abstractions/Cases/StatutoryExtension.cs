namespace Consult.Cases;

/// <summary>
/// An extension of the statutory limit (行政许可法 Art. 42: 10 working days, once, approved by the
/// head of the authority, the reason told to the applicant).
/// </summary>
/// <param name="ApprovedBy">The approving manager; null in the applicant's view.</param>
[GenerateSerializer, Immutable, Alias("consult.statutory-extension")]
public sealed record StatutoryExtension(
    [property: Id(0)] int WorkingDays,
    [property: Id(1)] string Reason,
    [property: Id(2)] string? ApprovedBy,
    [property: Id(3)] DateTimeOffset At);
