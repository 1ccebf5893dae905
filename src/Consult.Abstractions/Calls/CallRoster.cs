using System.Collections.Immutable;

namespace Consult.Calls;

/// <summary>
/// The hub's <c>CallMembers</c> event: who is in the room's call now (empty once it ended).
/// <see cref="Version"/> grows with every change (within the room's activation), so a client can
/// tell an older roster that reached it late from the current one.
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.call-roster")]
public sealed record CallRoster(
    [property: Id(0)] Guid RoomId,
    [property: Id(1)] ImmutableArray<CallMember> Members,
    [property: Id(2)] long Version = 0);
