using System.Collections.Immutable;
using Consult.Rooms;

namespace Consult.Outbox;

/// <summary>The case's room takes the latest version of each material (decisions on older ones turn stale).</summary>
[GenerateSerializer, Immutable, Alias("consult.outbox.room-materials")]
public sealed record RoomMaterialsNotice(
    [property: Id(0)] Guid RoomId,
    [property: Id(1)] ImmutableArray<MaterialVersion> Materials) : OutboxEntry
{
    public override string Slot => $"room-materials/{RoomId}";

    public override string Target => $"room/{RoomId}";
}
