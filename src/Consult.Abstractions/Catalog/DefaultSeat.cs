using Consult.Rooms;

namespace Consult.Catalog;

/// <summary>A department a matter invites by default, with its role in the room.</summary>
[GenerateSerializer, Immutable, Alias("consult.default-seat")]
public sealed record DefaultSeat(
    [property: Id(0)] string Department,
    [property: Id(1)] SeatRole Role);
