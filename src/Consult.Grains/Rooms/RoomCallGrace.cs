using Consult.Realtime;

namespace Consult.Rooms;

/// <summary>
/// A room activated with members in its call (stored: it was deactivated or moved while they
/// talked) has no watching node yet: each renews within <see cref="RelayTimings.RenewEvery"/>. Until
/// one expiry period has passed, a node that has not renewed is not taken for dead, so the first
/// node back does not drop the members held by the others. Real time, like the relays' expiry.
/// </summary>
public sealed class RoomCallGrace(bool restored)
{
    private readonly long _until = Environment.TickCount64 + (long)RelayTimings.Expiry.TotalMilliseconds;

    /// <summary>The room came back with members in its call.</summary>
    public bool Restored { get; } = restored;

    /// <summary>The nodes whose members stay: <paramref name="live"/>, or null (all of them) during the grace.</summary>
    public IReadOnlySet<string>? Live(IReadOnlySet<string> live) => Restored && Environment.TickCount64 < _until ? null : live;
}
