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
}
