namespace Consult.Outbox;

/// <summary>The month's metrics learn of the room (its number, matter, opening and deadline, taken from the room when delivered).</summary>
[GenerateSerializer, Immutable, Alias("consult.outbox.metrics-room-opened")]
public sealed record MetricsRoomOpenedNotice : OutboxEntry
{
    public override string Slot => "metrics/opened";

    public override string Target => "metrics";
}
