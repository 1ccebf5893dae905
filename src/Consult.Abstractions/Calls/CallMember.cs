namespace Consult.Calls;

/// <summary>
/// One connection in a room's call: each is a peer of every other (a mesh). <see cref="Muted"/>
/// and <see cref="CameraOff"/> are what the member last reported (or the convener's mute);
/// <see cref="SharingScreen"/>: it sends a screen or a window in place of its camera;
/// <see cref="Role"/> is the member's role (<c>applicant</c> for the applicant admitted by the convener).
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.call-member")]
public sealed record CallMember(
    [property: Id(0)] string ConnectionId,
    [property: Id(1)] string UserName,
    [property: Id(2)] string? Department,
    [property: Id(3)] string? DisplayName = null,
    [property: Id(4)] bool Muted = false,
    [property: Id(5)] bool CameraOff = false,
    [property: Id(6)] string? Role = null,
    [property: Id(7)] bool SharingScreen = false);
