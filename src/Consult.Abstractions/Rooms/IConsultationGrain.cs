using System.Collections.Immutable;
using Consult.Calls;
using Consult.Common;
using Consult.Realtime;
using Orleans.Concurrency;

namespace Consult.Rooms;

/// <summary>One consultation room: the single writer of its seats, decisions and event log.</summary>
[Alias("consult.room-grain")]
public interface IConsultationGrain : IGrainWithGuidKey
{
    [Alias("open")]
    Task<RoomSnapshot> Open(Actor convener, OpenRoomCommand command);

    /// <summary>The snapshot, if <paramref name="actor"/> may see the room.</summary>
    [Alias("get")]
    Task<RoomSnapshot> Get(Actor actor);

    [Alias("join")]
    Task<RoomSnapshot> Join(Actor actor);

    /// <summary>A live connection of <paramref name="actor"/> on node <paramref name="nodeId"/> opened the room.</summary>
    [Alias("connect")]
    Task<RoomSnapshot> Connect(Actor actor, string nodeId, string connectionId);

    [Alias("disconnect")]
    Task Disconnect(string nodeId, string connectionId);

    /// <summary>
    /// Subscribes or renews a node's relay, and replaces the presence that node reports; answers
    /// the room's last <c>seq</c>, so the relay can fetch what it missed.
    /// </summary>
    [Alias("watch")]
    Task<long> Watch(string nodeId, IRoomRelay relay, ImmutableArray<PresenceEntry> connections);

    [Alias("unwatch")]
    Task Unwatch(string nodeId);

    /// <summary>
    /// Connection <paramref name="connectionId"/> of <paramref name="actor"/>, held by the relay
    /// that watches this room as <paramref name="nodeId"/>, joins the room's call (logged as
    /// <c>callJoined</c>); answers the members, the caller included. Refused like seeing the room,
    /// in a closed room, and beyond <c>RoomCall.MeshLimit</c> members (<c>call_full</c>).
    /// </summary>
    [Alias("call-join")]
    Task<CallRoster> JoinCall(Actor actor, string nodeId, string connectionId);

    /// <summary>The connection leaves the call (logged as <c>callLeft</c>); a connection not in it changes nothing.</summary>
    [Alias("call-leave")]
    Task LeaveCall(string connectionId);

    /// <summary>Hands a signal to the relay holding <paramref name="toConnectionId"/>: only between members of this room's call.</summary>
    [Alias("call-signal")]
    Task Signal(string fromConnectionId, string toConnectionId, CallSignal signal);

    /// <summary>Who is in the call now, if <paramref name="actor"/> may see the room.</summary>
    [Alias("call-members")]
    Task<CallRoster> GetCallMembers(Actor actor);

    /// <summary>
    /// The convener (only) mutes a member of the call: the roster shows it muted and its node's
    /// relay tells that connection (<c>CallMuted</c>). <c>not_found</c> for a connection not in the call.
    /// </summary>
    [Alias("call-mute")]
    Task MuteCallMember(Actor actor, string connectionId);

    /// <summary>A member reports what it sends (shown to the others); a connection not in the call changes nothing.</summary>
    /// <summary>
    /// The convener (only) lets the applicant join the call from the tracking link, or withdraws it
    /// (logged as <c>applicantCallAllowed</c>; the case's public view follows): a withdrawal ends the
    /// applicant's place in the call (<c>callLeft</c>, reason <c>notAllowed</c>). The same value again changes nothing.
    /// </summary>
    [Alias("call-applicant")]
    Task<RoomSnapshot> AllowApplicantCall(Actor actor, bool allowed);

    [Alias("call-media")]
    Task SetCallMedia(string connectionId, CallMedia media);

    [Alias("decide")]
    Task<RoomSnapshot> CastDecision(Actor actor, DecisionInput input);

    [Alias("post")]
    Task<RoomEvent> PostMessage(Actor actor, ChatMessage message);

    [Alias("invite")]
    Task<RoomSnapshot> Invite(Actor actor, string department, SeatRole role);

    [Alias("extend")]
    Task<RoomSnapshot> ExtendDeadline(Actor actor, DateTimeOffset deadline, string reason);

    /// <summary>
    /// The convener's (or a manager's) reminder (催办) to <paramref name="departments"/> (null: every
    /// seat): only required or advisory seats that have not decided, each at most once per
    /// <c>Consult:Clock:ManualReminderInterval</c>; the others are answered as skipped.
    /// </summary>
    [Alias("remind")]
    Task<RemindResult> Remind(Actor actor, ImmutableArray<string>? departments);

    /// <summary>
    /// The case has new material versions (its latest version of each): decisions cast on an older
    /// one are flagged stale until their department casts again. Logged as <c>materialsUpdated</c>,
    /// also in a closed room (its decisions did not see the new version); the same list again changes nothing.
    /// </summary>
    [Alias("materials")]
    Task UpdateMaterials(ImmutableArray<MaterialVersion> materials);

    /// <summary>
    /// The chair (the convener or a manager) sets, changes or (null) removes the room's external
    /// meeting link while the room is not closed (logged as <c>meetingLinkChanged</c>; the inbox lines
    /// follow); an address that is not https is <c>invalid_input</c>; the same link again changes nothing.
    /// </summary>
    [Alias("meeting-link")]
    Task<RoomSnapshot> SetMeetingLink(Actor actor, string? url);

    [Alias("close")]
    /// <param name="expectedSeq">
    /// The room's <c>seq</c> the convener saw when deciding to close; a later change (a revision
    /// that flips the outcome) makes the close a <c>conflict</c> instead of confirming an outcome
    /// nobody looked at. Null skips the check.
    /// </param>
    Task<RoomSnapshot> Close(Actor actor, string statement, long? expectedSeq = null);

    /// <summary>The events after <paramref name="afterSeq"/>, in order.</summary>
    [Alias("events")]
    Task<ImmutableArray<RoomEvent>> GetEvents(Actor actor, long afterSeq);

    /// <summary>
    /// A page of the log: the at most <paramref name="limit"/> (1 to 200) events before
    /// <paramref name="beforeSeq"/>, in order; a <paramref name="beforeSeq"/> past the last event
    /// gives the newest. A board opens with the newest page and reads earlier ones on demand.
    /// </summary>
    [Alias("events-before")]
    Task<ImmutableArray<RoomEvent>> GetEventsBefore(Actor actor, long beforeSeq, int limit);

    /// <summary>
    /// The snapshot for the room's own case (which filters it for the applicant). Interleaves:
    /// the case calls it while the room may be awaiting the case (closing tells the case), and a
    /// non-interleaving call would deadlock the pair. It only reads, with no await, so it sees the
    /// room either before a command or after its in-memory change; a change whose write then fails
    /// is reloaded from storage, so at worst the applicant glimpsed a refused change.
    /// </summary>
    [Alias("for-case"), AlwaysInterleave]
    Task<RoomSnapshot?> GetForCase();

    /// <summary>
    /// The room's case has followers (a tracking link is open): report the room's progress to the
    /// case with every decision for <paramref name="window"/> more (at most two relay expiries). The
    /// case asks again as its followers renew, so a case nobody follows costs the decision path
    /// nothing. Answers whether the room was reporting already: when it was not, what the case holds
    /// of the room may be behind. Interleaves (it only sets the lease), like <see cref="GetForCase"/>.
    /// </summary>
    [Alias("follow-moves"), AlwaysInterleave]
    Task<bool> FollowMoves(TimeSpan window);
}
