using Consult.Common;

namespace Consult.Cases;

/// <summary>A stage of a staged case, as the board and the applicant see it.</summary>
/// <param name="Due">The stage's last working day (from its start), once started and when the stage has a limit.</param>
[GenerateSerializer, Immutable, Alias("consult.case-stage")]
public sealed record CaseStageView(
    [property: Id(0)] int Index,
    [property: Id(1)] string Code,
    [property: Id(2)] LocalizedText Name,
    [property: Id(3)] CaseStageStatus Status,
    [property: Id(4)] int? LimitWorkingDays,
    [property: Id(5)] DateOnly? StartedOn,
    [property: Id(6)] DateOnly? Due,
    [property: Id(7)] Guid? RoomId);
