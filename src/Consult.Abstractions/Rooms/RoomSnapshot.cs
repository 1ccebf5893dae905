using System.Collections.Immutable;

namespace Consult.Rooms;

/// <summary>
/// The room as it stands after event <see cref="Seq"/>. <see cref="StartedAt"/>: when the session
/// actually began (null while scheduled); the limit counts from it. <see cref="Cards"/>: the
/// supervision cards issued so far, oldest first. <see cref="Materials"/>: the latest version of each of
/// the case's materials, as the case last told the room. <see cref="Convener"/> and <see cref="ClosedBy"/>
/// are user names; the <c>…Name</c>s their display names as recorded when they acted (null for rooms
/// stored before names were recorded). <see cref="ClosedBy"/>: who closed the room (the convener or a manager).
/// <see cref="MatterVersion"/>: the version of the matter the room opened with (its seats, rule and
/// limit came from it; null for a room opened before matters had versions).
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.room-snapshot")]
public sealed record RoomSnapshot(
    [property: Id(0)] Guid RoomId,
    [property: Id(1)] Guid CaseId,
    [property: Id(2)] string CaseNumber,
    [property: Id(3)] string MatterCode,
    [property: Id(4)] RoomStatus Status,
    [property: Id(5)] string Convener,
    [property: Id(6)] DateTimeOffset OpenedAt,
    [property: Id(7)] DateTimeOffset? ScheduledAt,
    [property: Id(8)] DateTimeOffset Deadline,
    [property: Id(9)] ImmutableArray<SeatView> Seats,
    [property: Id(10)] JointOutcome JointOutcome,
    [property: Id(11)] string? Statement,
    [property: Id(12)] DateTimeOffset? ClosedAt,
    [property: Id(13)] long Seq,
    [property: Id(14)] Catalog.JointRuleKind Rule,
    [property: Id(15)] DateTimeOffset? StartedAt = null,
    [property: Id(16)] ImmutableArray<RoomCard> Cards = default,
    [property: Id(17)] ImmutableArray<MaterialVersion> Materials = default,
    // Ids 30-32: clear of the ids the room's other features take next.
    [property: Id(30)] string? ConvenerName = null,
    [property: Id(31)] string? ClosedBy = null,
    [property: Id(32)] string? ClosedByName = null,
    // Id 40: the matter's version.
    [property: Id(40)] int? MatterVersion = null,
    // Id 50: the external meeting link (https; null: none), clear of the call's other features.
    [property: Id(50)] string? MeetingLink = null);
