using System.Collections.Immutable;

namespace Consult.Rooms.Events;

/// <summary>
/// Payload of <see cref="RoomEventTypes.DeadlinePassed"/>: the seats given <c>deemedConsent</c>
/// (each also logged as a <c>decisionCast</c> by <c>system</c>) and those left pending under a red card.
/// </summary>
public sealed record DeadlinePassed(DateTimeOffset Deadline, ImmutableArray<string> DeemedConsent, ImmutableArray<string> Pending);
