using System.Collections.Immutable;
using Consult.Calls;
using Consult.Common;
using Consult.Realtime;

namespace Consult.Rooms;

/// <summary>
/// Who is in a room's call, per connection, and which node's relay holds each. Kept in the room's
/// state (<see cref="RoomCallState"/>), written with the <c>callJoined</c>/<c>callLeft</c> events
/// and with each change of a member's media, so the roster outlives the room's activation: a room
/// deactivated or moved to another silo while people talk knows its call again at once. The nodes
/// still report their connections on every renewal, and members no longer reported leave (as
/// with <see cref="RoomPresence"/>). Each member is a peer of every other (a mesh), so the call is
/// capped at <see cref="MeshLimit"/>.
/// </summary>
/// <param name="state">The room's current state of its call (a reload replaces it).</param>
public sealed class RoomCall(Func<RoomCallState> state)
{
    /// <summary>Members a mesh carries: each sends its media to each other, 7 uplinks at 8.</summary>
    public const int MeshLimit = 8;

    /// <summary>A call on its own, not stored (pure tests).</summary>
    public RoomCall()
        : this(new RoomCallState())
    {
    }

    private RoomCall(RoomCallState own)
        : this(() => own)
    {
    }

    private Dictionary<string, Entry> Entries => state().Members;

    public int Count => Entries.Count;

    /// <summary>Grows with every join, leave and media change; stored, so it keeps growing across activations.</summary>
    public long Version
    {
        get => state().Version;
        private set => state().Version = value;
    }

    public ImmutableArray<CallMember> Members => [.. Entries.Values.OrderBy(e => e.JoinedAt).ThenBy(e => e.Member.ConnectionId, StringComparer.Ordinal).Select(e => e.Member)];

    public bool Contains(string connectionId) => Entries.ContainsKey(connectionId);

    /// <summary>Adds a connection; false when it is in the call already. Refused when the call is full.</summary>
    /// <param name="relay">The node's relay, kept with the member: a restored room reaches it before the node renews its watch.</param>
    public bool Join(string nodeId, Actor actor, string connectionId, DateTimeOffset now, IRoomRelay? relay = null)
    {
        if (Entries.ContainsKey(connectionId))
            return false;
        if (Entries.Count >= MeshLimit)
        {
            throw new ConsultException(ErrorCodes.CallFull,
                $"The call has {MeshLimit} members, the most a mesh call carries; a larger room needs a media server (see docs/api.md).");
        }

        Entries[connectionId] = new Entry(nodeId, new CallMember(connectionId, actor.UserName, actor.Department, actor.DisplayName, Role: actor.Role), actor, now, relay);
        Version++;
        return true;
    }

    /// <summary>Removes a connection; answers its entry, or null when it was not in the call.</summary>
    public Entry? Leave(string connectionId)
    {
        if (!Entries.Remove(connectionId, out var entry))
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
        if (!Entries.TryGetValue(connectionId, out var entry))
            return null;
        var was = entry.Member;
        var member = was with { Muted = muted ?? was.Muted, CameraOff = cameraOff ?? was.CameraOff, SharingScreen = sharing ?? was.SharingScreen };
        if (member == was)
            return null;
        Entries[connectionId] = entry with { Member = member };
        Version++;
        return entry.NodeId;
    }

    /// <summary>The members of <paramref name="role"/>.</summary>
    public IReadOnlyList<string> OfRole(string role) => [.. Entries.Values.Where(e => e.Actor.Role == role).Select(e => e.Member.ConnectionId)];

    /// <summary>The node whose relay holds <paramref name="connectionId"/>, or null when it is not in the call.</summary>
    public string? NodeOf(string connectionId) => Entries.TryGetValue(connectionId, out var entry) ? entry.NodeId : null;

    /// <summary>The relay kept for <paramref name="connectionId"/>'s node when it joined, if any.</summary>
    public IRoomRelay? RelayOf(string connectionId) => Entries.TryGetValue(connectionId, out var entry) ? entry.Relay : null;

    /// <summary>The relay kept for each node holding members (one each).</summary>
    public IReadOnlyDictionary<string, IRoomRelay> Relays =>
        Entries.Values.Where(e => e.Relay is not null).GroupBy(e => e.NodeId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Relay!, StringComparer.Ordinal);

    /// <summary>
    /// The members that are no longer connected: those of <paramref name="nodeId"/> it did not
    /// report, and those of nodes no longer <paramref name="live"/>.
    /// </summary>
    /// <remarks><paramref name="live"/> null: every node counts as live (a restored room gives them time to renew first).</remarks>
    public IReadOnlyList<string> Gone(string nodeId, IReadOnlySet<string> reported, IReadOnlySet<string>? live) =>
        [.. Entries.Where(m => (m.Value.NodeId == nodeId && !reported.Contains(m.Key)) || (live is not null && !live.Contains(m.Value.NodeId))).Select(m => m.Key)];

    /// <summary>The members held by <paramref name="nodeId"/>.</summary>
    public IReadOnlyList<string> On(string nodeId) => [.. Entries.Where(m => m.Value.NodeId == nodeId).Select(m => m.Key)];

    /// <summary>Every member, in the order they joined.</summary>
    public IReadOnlyList<string> All => [.. Members.Select(m => m.ConnectionId)];

    /// <summary>
    /// One member: the node key of the relay holding its connection, what others see of it, who it
    /// is, since when, and that relay (an observer reference; a dead node's fails, and is dropped
    /// with its members once the node has not renewed for an expiry period).
    /// </summary>
    [GenerateSerializer, Immutable, Alias("consult.room-call-entry")]
    public sealed record Entry(
        [property: Id(0)] string NodeId,
        [property: Id(1)] CallMember Member,
        [property: Id(2)] Actor Actor,
        [property: Id(3)] DateTimeOffset JoinedAt,
        [property: Id(4)] IRoomRelay? Relay = null);
}

/// <summary>The room's call as stored with the room (<see cref="RoomState.Call"/>).</summary>
[GenerateSerializer, Alias("consult.room-call-state")]
public sealed class RoomCallState
{
    [Id(0)] public Dictionary<string, RoomCall.Entry> Members { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public long Version { get; set; }
}
