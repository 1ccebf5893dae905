using System.Collections.Immutable;

namespace Consult.Cases;

/// <summary>
/// The cases registered on one local day (key <c>yyyyMMdd</c>): hands out gapless numbers and
/// keeps the listing lines, so listings never scan case grains.
/// </summary>
[Alias("consult.case-day-grain")]
public interface ICaseDayGrain : IGrainWithStringKey
{
    /// <summary>
    /// The case's number; the same number again for a case registered before. The line is stored
    /// as given: a case lists it <see cref="CaseSummary.Pending"/> until it has written itself.
    /// </summary>
    [Alias("register")]
    Task<string> Register(CaseSummary summary);

    /// <summary>The case behind a pending line is registered: the line is a case now (idempotent).</summary>
    [Alias("confirm")]
    Task Confirm(Guid caseId);

    [Alias("status")]
    Task UpdateStatus(Guid caseId, CaseStatus status);

    [Alias("list")]
    Task<ImmutableArray<CaseSummary>> List();

    /// <summary>
    /// The confirmed lines matching <paramref name="query"/>: their count, and <paramref name="take"/>
    /// of them from <paramref name="skip"/>, newest first (<paramref name="take"/> 0: the count only).
    /// A listing pages through the days with it, so no page copies a whole day across the grain boundary.
    /// </summary>
    [Alias("query")]
    Task<CaseDaySlice> Query(CaseQuery query, int skip, int take);
}
