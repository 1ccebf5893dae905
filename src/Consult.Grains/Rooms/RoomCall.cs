using System.Collections.Immutable;
using Consult.Calls;
using Consult.Common;

namespace Consult.Rooms;

/// <summary>
/// Who is in a room's call, per connection, and which node's relay holds each. Volatile like
/// <see cref="RoomPresence"/>: a call lives as long as its connections; what lasts is the
/// <c>callJoined</c>/<c>callLeft</c> events the room logs. Each member is a peer of every other
/// (a mesh), so the call is capped at <see cref="MeshLimit"/>.
/// </summary>
public sealed class RoomCall
{
    /// <summary>Members a mesh carries: each sends its media to each other, 7 uplinks at 8.</summary>
    public const int MeshLimit = 8;

    private readonly Dictionary<string, Entry> _members = new(StringComparer.Ordinal);

    public int Count => _members.Count;

    /// <summary>Grows with every join and leave.</summary>
    public long Version { get; private set; }

    public ImmutableArray<CallMember> Members => [.. _members.Values.OrderBy(e => e.JoinedAt).ThenBy(e => e.Member.ConnectionId, StringComparer.Ordinal).Select(e => e.Member)];

    public bool Contains(string connectionId) => _members.ContainsKey(connectionId);

    /// <summary>Adds a connection; false when it is in the call already. Refused when the call is full.</summary>
    public bool Join(string nodeId, Actor actor, string connectionId, DateTimeOffset now)
    {
        if (_members.ContainsKey(connectionId))
            return false;
        if (_members.Count >= MeshLimit)
        {
            throw new ConsultException(ErrorCodes.CallFull,
                $"The call has {MeshLimit} members, the most a mesh call carries; a larger room needs a media server (see docs/api.md).");
        }

        _members[connectionId] = new Entry(nodeId, new CallMember(connectionId, actor.UserName, actor.Department, actor.DisplayName, Role: actor.Role), actor, now);
        Version++;
        return true;
    }

    /// <summary>Removes a connection; answers its entry, or null when it was not in the call.</summary>
    public Entry? Leave(string connectionId)
    {
        if (!_members.Remove(connectionId, out var entry))
            return null;
        Version++;
        return entry;
    }

    /// <summary>
    /// Sets what a member's microphone, camera and screen show (null: unchanged); answers its node when
    /// that changed the roster, else null (not in the call, or nothing changed).
    /// </summary>
    public string? SetMedia(string connectionId, bool? muted, bool? cameraOff, bool? sharing)
    {
        if (!_members.TryGetValue(connectionId, out var entry))
            return null;
        var was = entry.Member;
        var member = was with { Muted = muted ?? was.Muted, CameraOff = cameraOff ?? was.CameraOff, SharingScreen = sharing ?? was.SharingScreen };
        if (member == was)
            return null;
        _members[connectionId] = entry with { Member = member };
        Version++;
        return entry.NodeId;
    }

    /// <summary>The members of <paramref name="role"/>.</summary>
    public IReadOnlyList<string> OfRole(string role) => [.. _members.Values.Where(e => e.Actor.Role == role).Select(e => e.Member.ConnectionId)];

    /// <summary>The node whose relay holds <paramref name="connectionId"/>, or null when it is not in the call.</summary>
    public string? NodeOf(string connectionId) => _members.TryGetValue(connectionId, out var entry) ? entry.NodeId : null;

    /// <summary>
    /// The members that are no longer connected: those of <paramref name="nodeId"/> it did not
    /// report, and those of nodes no longer <paramref name="live"/>.
    /// </summary>
    public IReadOnlyList<string> Gone(string nodeId, IReadOnlySet<string> reported, IReadOnlySet<string> live) =>
        [.. _members.Where(m => (m.Value.NodeId == nodeId && !reported.Contains(m.Key)) || !live.Contains(m.Value.NodeId)).Select(m => m.Key)];

    /// <summary>The members held by <paramref name="nodeId"/>.</summary>
    public IReadOnlyList<string> On(string nodeId) => [.. _members.Where(m => m.Value.NodeId == nodeId).Select(m => m.Key)];

    /// <summary>Every member, in the order they joined.</summary>
    public IReadOnlyList<string> All => [.. Members.Select(m => m.ConnectionId)];

    public sealed record Entry(string NodeId, CallMember Member, Actor Actor, DateTimeOffset JoinedAt);
}
