using System.Collections.Immutable;

namespace Consult.Calls;

/// <summary>
/// The answer to <c>JoinCall</c>: the ICE servers to use (TURN credentials valid for a while) and
/// the call's members, the caller included (<paramref name="ConnectionId"/> says which one it is),
/// and the roster's <paramref name="Version"/> (as in <see cref="CallRoster"/>).
/// </summary>
public sealed record CallJoinAnswer(ImmutableArray<IceServer> IceServers, ImmutableArray<CallMember> Members, string ConnectionId, long Version = 0);
