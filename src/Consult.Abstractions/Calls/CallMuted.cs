namespace Consult.Calls;

/// <summary>
/// The hub's <c>CallMuted</c> event, to the one member the room's convener muted: its page turns
/// its microphone off (the member may turn it on again). <paramref name="By"/> is the convener's
/// user name, <paramref name="ByName"/> their display name.
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.call-muted")]
public sealed record CallMuted(
    [property: Id(0)] Guid RoomId,
    [property: Id(1)] string By,
    [property: Id(2)] string? ByName = null);
