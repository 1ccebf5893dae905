using System.Text.Json.Serialization;

namespace Consult.Cases;

/// <summary>
/// A case's line in the listings, kept by the day index grain. A <see cref="Pending"/> line holds
/// a number whose case has not confirmed its registration yet: it is not shown as a case until
/// the case confirms (or the listing has the case finish its registration).
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.case-summary")]
public sealed record CaseSummary(
    [property: Id(0)] Guid CaseId,
    [property: Id(1)] string CaseNumber,
    [property: Id(2)] string MatterCode,
    [property: Id(3)] string ApplicantName,
    [property: Id(4)] CaseStatus Status,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] string ReceivingOfficer,
    [property: Id(7), JsonIgnore] bool Pending = false);
