using System.Collections.Immutable;
using Consult.Catalog;

namespace Consult.Rooms.Events;

/// <summary>Payload of <see cref="RoomEventTypes.RoomOpened"/>.</summary>
public sealed record RoomOpened(
    Guid CaseId,
    string CaseNumber,
    string MatterCode,
    JointRuleKind Rule,
    string Convener,
    DateTimeOffset? ScheduledAt,
    DateTimeOffset Deadline,
    ImmutableArray<DefaultSeat> Seats);
