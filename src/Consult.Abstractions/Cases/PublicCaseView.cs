using System.Collections.Immutable;
using Consult.Rooms;

namespace Consult.Cases;

/// <summary>What a tracking link shows: no discussion, no staff names, no other case's data.</summary>
[GenerateSerializer, Immutable, Alias("consult.public-case")]
public sealed record PublicCaseView(
    [property: Id(0)] string CaseNumber,
    [property: Id(1)] string MatterCode,
    [property: Id(2)] string ApplicantName,
    [property: Id(3)] CaseStatus Status,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] ImmutableArray<PublicTimelineEntry> Timeline,
    [property: Id(6)] RoomStatus? RoomStatus,
    [property: Id(7)] DateTimeOffset? Deadline,
    [property: Id(8)] ImmutableArray<PublicSeatProgress> Departments,
    [property: Id(9)] JointOutcome? JointOutcome,
    [property: Id(10)] string? Statement,
    [property: Id(11)] ImmutableArray<string> AskedOfApplicant,
    [property: Id(12)] StatutoryClockView? Statutory = null,
    [property: Id(13)] ImmutableArray<CaseStageView> Stages = default,
    [property: Id(14)] SupplementNotice? Supplement = null,
    [property: Id(15)] ImmutableArray<PublicMaterial> Materials = default,
    [property: Id(20)] FollowUpProgress? FollowUp = null,
    // Ids 50–: the rating (好差评). Rateable: decided, not yet rated (the page asks for it).
    [property: Id(50)] PublicRating? Rating = null,
    [property: Id(51)] bool Rateable = false,
    // Ids 60-: the call. The room whose call the applicant may join now (the convener allows it), else null.
    [property: Id(60)] Guid? CallRoomId = null);
