using System.Collections.Immutable;

namespace Consult.Cases;

/// <summary>
/// The cases registered on one local day (key <c>yyyyMMdd</c>): hands out gapless numbers and
/// keeps the listing lines, so listings never scan case grains.
/// </summary>
[Alias("consult.case-day-grain")]
public interface ICaseDayGrain : IGrainWithStringKey
{
    /// <summary>The case's number; the same number again for a case registered before.</summary>
    [Alias("register")]
    Task<string> Register(CaseSummary summary);

    [Alias("status")]
    Task UpdateStatus(Guid caseId, CaseStatus status);

    [Alias("list")]
    Task<ImmutableArray<CaseSummary>> List();
}
