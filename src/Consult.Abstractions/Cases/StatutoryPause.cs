namespace Consult.Cases;

/// <summary>
/// A stop of the statutory clock while something is asked of the applicant (行政许可法 Art. 32:
/// told once, all together). The day it stops still counts; the working days after it up to and
/// including the day the applicant resubmits do not (<see cref="WorkingDays"/>).
/// </summary>
/// <param name="ResumedBy">Who recorded the resubmission; null in the applicant's view.</param>
[GenerateSerializer, Immutable, Alias("consult.statutory-pause")]
public sealed record StatutoryPause(
    [property: Id(0)] DateTimeOffset PausedAt,
    [property: Id(1)] DateOnly PausedOn,
    [property: Id(2)] string Reason,
    [property: Id(3)] DateTimeOffset? ResumedAt = null,
    [property: Id(4)] DateOnly? ResumedOn = null,
    [property: Id(5)] string? ResumedBy = null,
    [property: Id(6)] int? WorkingDays = null);
