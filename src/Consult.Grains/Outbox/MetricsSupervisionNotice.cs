using System.Collections.Immutable;
using Consult.Rooms;

namespace Consult.Outbox;

/// <summary>The month's metrics learn the room's supervision cards and deemed consents (all of them, so a newer notice replaces an older).</summary>
[GenerateSerializer, Immutable, Alias("consult.outbox.metrics-supervision")]
public sealed record MetricsSupervisionNotice(
    [property: Id(0)] ImmutableArray<RoomCard> Cards,
    [property: Id(1)] ImmutableArray<string> DeemedConsent) : OutboxEntry
{
    public override string Slot => "metrics/supervision";

    public override string Target => "metrics";
}
