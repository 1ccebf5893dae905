using Consult.Rooms;

namespace Consult.Catalog;

/// <summary>
/// A department a matter invites by default, with its role in the room.
/// <see cref="DeemedConsentOnTimeout"/>: at the room's deadline an undecided seat so flagged is
/// recorded as <c>deemedConsent</c> (超时默许).
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.default-seat")]
public sealed record DefaultSeat(
    [property: Id(0)] string Department,
    [property: Id(1)] SeatRole Role,
    [property: Id(2)] bool DeemedConsentOnTimeout = false);
