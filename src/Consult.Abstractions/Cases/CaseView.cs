using System.Collections.Immutable;

namespace Consult.Cases;

[GenerateSerializer, Immutable, Alias("consult.case")]
public sealed record CaseView(
    [property: Id(0)] Guid CaseId,
    [property: Id(1)] string CaseNumber,
    [property: Id(2)] string MatterCode,
    [property: Id(3)] ApplicantInfo Applicant,
    [property: Id(4)] string Summary,
    [property: Id(5)] ImmutableArray<MaterialInfo> Materials,
    [property: Id(6)] string ReceivingOfficer,
    [property: Id(7)] CaseStatus Status,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] ImmutableArray<TimelineEntry> Timeline,
    [property: Id(10)] ImmutableArray<Guid> Rooms,
    [property: Id(11)] Guid? CurrentRoomId,
    [property: Id(12)] string? TrackingToken,
    [property: Id(13)] StatutoryClockView? Statutory = null,
    [property: Id(14)] ImmutableArray<CaseStageView> Stages = default,
    [property: Id(15)] SupplementNotice? Supplement = null,
    // Id 30: clear of the ids the case's other features take next.
    [property: Id(30)] string? ReceivingOfficerName = null,
    /// <summary>The applicant's rating (好差评) and its follow-up; null until rated.</summary>
    [property: Id(50)] CaseRating? Rating = null,
    /// <summary>The version of the matter the case was registered with (null: registered before matters had versions).</summary>
    // Ids 70–: the matter version (as in the case's state).
    [property: Id(70)] int? MatterVersion = null);
