namespace Consult.Calls;

/// <summary>One connection in a room's call: each is a peer of every other (a mesh).</summary>
[GenerateSerializer, Immutable, Alias("consult.call-member")]
public sealed record CallMember(
    [property: Id(0)] string ConnectionId,
    [property: Id(1)] string UserName,
    [property: Id(2)] string? Department,
    [property: Id(3)] string? DisplayName = null);
