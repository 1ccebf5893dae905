namespace Consult.Calls;

/// <summary>The body of the hub's <c>SetCallMedia</c>: whether the member's microphone and camera are on now, and whether it shares its screen.</summary>
[GenerateSerializer, Immutable, Alias("consult.call-media")]
public sealed record CallMedia(
    [property: Id(0)] bool Microphone,
    [property: Id(1)] bool Camera,
    [property: Id(2)] bool Screen = false);
