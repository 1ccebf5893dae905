namespace Consult.Cases;

/// <summary>
/// What a case listing asks of each day's index: the period, and optionally a status, a matter,
/// and a text found in the case number or the applicant's name (<see cref="Search"/>, trimmed).
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.case-query")]
public sealed record CaseQuery(
    [property: Id(0)] DateTimeOffset From,
    [property: Id(1)] DateTimeOffset To,
    [property: Id(2)] CaseStatus? Status = null,
    [property: Id(3)] string? Matter = null,
    [property: Id(4)] string? Search = null)
{
    public bool Matches(CaseSummary line) =>
        line.CreatedAt >= From && line.CreatedAt <= To
        && (Status is null || line.Status == Status)
        && (string.IsNullOrEmpty(Matter) || line.MatterCode == Matter)
        && (string.IsNullOrEmpty(Search)
            || line.CaseNumber.Contains(Search, StringComparison.OrdinalIgnoreCase)
            || line.ApplicantName.Contains(Search, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// One day's answer to a <see cref="CaseQuery"/>: how many confirmed lines match, the requested
/// slice of them newest first, and whether the day holds a pending line (whose case may still
/// turn out to match).
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.case-day-slice")]
public sealed record CaseDaySlice(
    [property: Id(0)] int Count,
    [property: Id(1)] bool HasPending,
    [property: Id(2)] System.Collections.Immutable.ImmutableArray<CaseSummary> Lines);
