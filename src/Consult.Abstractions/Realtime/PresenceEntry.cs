namespace Consult.Realtime;

/// <summary>One live connection in a room, as the node holding it reports it.</summary>
[GenerateSerializer, Immutable, Alias("consult.presence")]
public sealed record PresenceEntry(
    [property: Id(0)] string ConnectionId,
    [property: Id(1)] string UserName,
    [property: Id(2)] string? Department);
