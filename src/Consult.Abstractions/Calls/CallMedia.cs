namespace Consult.Calls;

/// <summary>The body of the hub's <c>SetCallMedia</c>: whether the member's microphone and camera are on now.</summary>
public sealed record CallMedia(bool Microphone, bool Camera);
