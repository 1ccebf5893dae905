using Consult.Rooms;

namespace Consult.Outbox;

/// <summary>The month's metrics learn when and how the room closed.</summary>
[GenerateSerializer, Immutable, Alias("consult.outbox.metrics-room-closed")]
public sealed record MetricsRoomClosedNotice(
    [property: Id(0)] DateTimeOffset ClosedAt,
    [property: Id(1)] JointOutcome Outcome) : OutboxEntry
{
    public override string Slot => "metrics/closed";

    public override string Target => "metrics";
}
