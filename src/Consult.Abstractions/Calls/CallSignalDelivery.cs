namespace Consult.Calls;

/// <summary>The hub's <c>CallSignal</c> event: <paramref name="Signal"/> from <paramref name="FromConnectionId"/>, to one member.</summary>
[GenerateSerializer, Immutable, Alias("consult.call-signal-delivery")]
public sealed record CallSignalDelivery(
    [property: Id(0)] Guid RoomId,
    [property: Id(1)] string FromConnectionId,
    [property: Id(2)] CallSignal Signal);
