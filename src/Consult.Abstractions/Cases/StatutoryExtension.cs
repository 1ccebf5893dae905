namespace Consult.Cases;

/// <summary>
/// An extension of the statutory limit (行政许可法 Art. 42: 10 working days, once, approved by the
/// head of the authority, the reason told to the applicant).
/// </summary>
/// <param name="ApprovedBy">The approving manager's user name; null in the applicant's view.</param>
/// <param name="ApprovedByName">Their display name when they approved; null in the applicant's view (and for extensions stored before names were recorded).</param>
[GenerateSerializer, Immutable, Alias("consult.statutory-extension")]
public sealed record StatutoryExtension(
    [property: Id(0)] int WorkingDays,
    [property: Id(1)] string Reason,
    [property: Id(2)] string? ApprovedBy,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string? ApprovedByName = null);
