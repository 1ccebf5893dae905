using System.Collections.Immutable;
using Consult.Catalog;

namespace Consult.Rooms;

/// <summary>What a case hands its new room when a window officer opens a consultation.</summary>
[GenerateSerializer, Immutable, Alias("consult.open-room")]
public sealed record OpenRoomCommand(
    [property: Id(0)] Guid CaseId,
    [property: Id(1)] string CaseNumber,
    [property: Id(2)] string MatterCode,
    [property: Id(3)] JointRuleKind Rule,
    [property: Id(4)] ImmutableArray<DefaultSeat> Seats,
    [property: Id(5)] DateTimeOffset? ScheduledAt,
    [property: Id(6)] DateTimeOffset Deadline,
    [property: Id(7)] string? Summary = null,
    [property: Id(8)] ImmutableArray<MaterialVersion> Materials = default,
    [property: Id(9)] int MatterVersion = 0,
    [property: Id(20)] string? MeetingLink = null);
