using System.Collections.Immutable;

namespace Consult.Calls;

/// <summary>The hub's <c>CallMembers</c> event: who is in the room's call now (empty once it ended).</summary>
[GenerateSerializer, Immutable, Alias("consult.call-roster")]
public sealed record CallRoster(
    [property: Id(0)] Guid RoomId,
    [property: Id(1)] ImmutableArray<CallMember> Members);
