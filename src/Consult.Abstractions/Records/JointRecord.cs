using System.Collections.Immutable;
using Consult.Catalog;
using Consult.Rooms;

namespace Consult.Records;

/// <summary>
/// The joint record (联审纪要) of a closed room: what goes into the permit file. It is made once,
/// the first time it is asked for, and kept (<see cref="IJointRecordGrain"/>), so the same room
/// answers the same bytes and the same hash for ever. Its JSON is the hash's input: the members
/// are written in the order declared here, so never reorder them; a change of shape is a new
/// <see cref="Format"/>.
/// </summary>
/// <param name="Format">1: this shape.</param>
/// <param name="TimeZone">The centre's time zone (IANA id) the PDF shows times in; the JSON's times are UTC.</param>
/// <param name="Convener">The convener's user name; <paramref name="ConvenerName"/> their display name when they opened the room.</param>
/// <param name="ClosedBy">Who closed the room (the convener, or a manager): the user name; <paramref name="ClosedByName"/> the display name then.</param>
/// <param name="Materials">The case's materials submitted up to the close, in order of submission.</param>
/// <param name="CallParticipants">Who took part in the room's call and for how long, in order of first joining (format 4 on).</param>
public sealed record JointRecord(
    int Format,
    Guid RoomId,
    Guid CaseId,
    string CaseNumber,
    RecordMatter Matter,
    RecordApplicant Applicant,
    string Convener,
    JointRuleKind Rule,
    string TimeZone,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ScheduledAt,
    DateTimeOffset Deadline,
    DateTimeOffset ClosedAt,
    string ClosedBy,
    ImmutableArray<RecordDeadlineExtension> DeadlineExtensions,
    ImmutableArray<RecordSeat> Seats,
    ImmutableArray<RecordMaterial> Materials,
    JointOutcome JointOutcome,
    string Statement,
    string? ConvenerName = null,
    string? ClosedByName = null,
    ImmutableArray<RecordCallParticipant> CallParticipants = default)
{
    /// <summary>
    /// 2: materials carry their <c>version</c> and <c>fileName</c> (records kept before stay format 1).
    /// 3: people carry their display names beside their user names (<c>convenerName</c>, <c>closedByName</c>,
    /// <c>decidedByName</c>, <c>byName</c>; null where the room did not record one).
    /// 4: <c>callParticipants</c>, who took part in the room's call and for how long.
    /// </summary>
    public const int CurrentFormat = 4;
}
