using System.Collections.Immutable;

namespace Consult.Calls;

/// <summary>One STUN or TURN server as a browser's <c>RTCIceServer</c> takes it.</summary>
public sealed record IceServer(ImmutableArray<string> Urls, string? Username = null, string? Credential = null);
