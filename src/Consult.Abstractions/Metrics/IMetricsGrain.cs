using System.Collections.Immutable;
using Consult.Rooms;

namespace Consult.Metrics;

/// <summary>
/// The running record of one month's rooms (key <c>yyyyMM</c> of the room's opening, UTC). Rooms
/// report to it after each persisted change, so figures never need a scan of room grains, and no
/// single grain rewrites the whole history on every decision.
/// </summary>
[Alias("consult.metrics-grain")]
public interface IMetricsGrain : IGrainWithStringKey
{
    [Alias("opened")]
    Task RoomOpened(Guid roomId, string caseNumber, string matterCode, DateTimeOffset openedAt, DateTimeOffset deadline);

    [Alias("deadline")]
    Task DeadlineChanged(Guid roomId, DateTimeOffset deadline);

    [Alias("decided")]
    Task FirstDecision(Guid roomId, string department, DateTimeOffset invitedAt, DateTimeOffset decidedAt);

    [Alias("closed")]
    Task RoomClosed(Guid roomId, DateTimeOffset closedAt, JointOutcome outcome);

    [Alias("get")]
    Task<MetricsShard> Get();

    public static string KeyFor(DateTimeOffset openedAt) =>
        openedAt.UtcDateTime.ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture);
}

[GenerateSerializer, Immutable, Alias("consult.metrics.shard")]
public sealed record MetricsShard(
    [property: Id(0)] ImmutableArray<RoomRecord> Rooms,
    [property: Id(1)] ImmutableArray<DecisionRecord> Decisions);

[GenerateSerializer, Immutable, Alias("consult.metrics.room")]
public sealed record RoomRecord(
    [property: Id(0)] Guid RoomId,
    [property: Id(1)] string CaseNumber,
    [property: Id(2)] string MatterCode,
    [property: Id(3)] DateTimeOffset OpenedAt,
    [property: Id(4)] DateTimeOffset Deadline,
    [property: Id(5)] DateTimeOffset? ClosedAt,
    [property: Id(6)] JointOutcome? Outcome);

[GenerateSerializer, Immutable, Alias("consult.metrics.decision")]
public sealed record DecisionRecord(
    [property: Id(0)] Guid RoomId,
    [property: Id(1)] string Department,
    [property: Id(2)] DateTimeOffset InvitedAt,
    [property: Id(3)] DateTimeOffset DecidedAt);
