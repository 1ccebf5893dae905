using System.Collections.Immutable;
using Consult.Calls;
using Consult.Common;
using Consult.Rooms.Events;

namespace Consult.Rooms;

/// <summary>
/// The room's call: the room keeps who is in it (<see cref="RoomCall"/>, stored with the room), logs each
/// join and leave, and hands each WebRTC signal to the relay of the node that holds its addressee,
/// so members on different nodes reach each other. Media never passes through the server.
/// </summary>
public sealed partial class ConsultationGrain
{
    private RoomCall? _calls;

    /// <summary>Over the state's call: a reload (after a failed write) puts back what is stored.</summary>
    private RoomCall Calls => _calls ??= new RoomCall(() => State.Call);

    public async Task<CallRoster> JoinCall(Actor actor, string nodeId, string connectionId)
    {
        RoomAccess.EnsureMayCall(State, RoomId, actor);
        RoomAccess.EnsureOpen(State);
        var now = time.GetUtcNow();
        if (Calls.Join(nodeId, actor, connectionId, now, _relays.RelayOf(nodeId)))
        {
            Append(actor, RoomEventTypes.CallJoined, new CallJoined(connectionId, actor.Department), now);
            // A failed write reloads the state: the roster is as stored again.
            await Persist();
            AnnounceCall();
        }

        return Roster();
    }

    public Task LeaveCall(string connectionId) => LeaveCalls([connectionId], CallLeftReasons.Left);

    public Task Signal(string fromConnectionId, string toConnectionId, CallSignal signal)
    {
        RoomAccess.EnsureExists(State, RoomId);
        if (!Calls.Contains(fromConnectionId))
            throw ConsultException.Forbidden("Join the room's call before signalling.");
        if (fromConnectionId == toConnectionId)
            throw ConsultException.InvalidInput("A signal goes to another member of the call.");
        if (Calls.NodeOf(toConnectionId) is not { } node || !_relays.Send(node, toConnectionId, new CallSignalDelivery(RoomId, fromConnectionId, signal), Calls.RelayOf(toConnectionId)))
            throw ConsultException.NotFound($"No member '{toConnectionId}' in this call.");
        return Task.CompletedTask;
    }

    public async Task MuteCallMember(Actor actor, string connectionId)
    {
        RoomAccess.EnsureConvener(State, RoomId, actor);
        RoomAccess.EnsureOpen(State);
        if (Calls.NodeOf(connectionId) is not { } node)
            throw ConsultException.NotFound($"No member '{connectionId}' in this call.");
        if (Calls.SetMedia(connectionId, muted: true, cameraOff: null, sharing: null) is not null)
        {
            await Persist();
            AnnounceCall();
        }

        _relays.SendMuted(node, connectionId, new CallMuted(RoomId, actor.UserName, actor.DisplayName), Calls.RelayOf(connectionId));
    }

    public async Task<RoomSnapshot> AllowApplicantCall(Actor actor, bool allowed)
    {
        RoomAccess.EnsureConvener(State, RoomId, actor);
        RoomAccess.EnsureOpen(State);
        if (State.ApplicantMayCall == allowed)
            return Snapshot();
        var now = time.GetUtcNow();
        State.ApplicantMayCall = allowed;
        Append(actor, RoomEventTypes.ApplicantCallAllowed, new ApplicantCallAllowed(allowed), now);
        var dismissed = allowed ? [] : Calls.OfRole(Roles.Applicant).Select(Calls.Leave).OfType<RoomCall.Entry>().ToList();
        foreach (var entry in dismissed)
            AppendCallLeft(entry, now, CallLeftReasons.NotAllowed);
        // The tracking link shows the join button (or takes it away) through the case's public view.
        Notices.Owe(new Outbox.CaseRoomProgressNotice());
        var snapshot = await Commit();
        if (dismissed.Count > 0)
            AnnounceCall();
        return snapshot;
    }

    /// <remarks>Written like a join (the signals' rate limit bounds how often): a restored room shows each member as it last was.</remarks>
    public async Task SetCallMedia(string connectionId, CallMedia media)
    {
        if (Calls.SetMedia(connectionId, muted: !media.Microphone, cameraOff: !media.Camera, sharing: media.Screen) is not null)
        {
            await Persist();
            AnnounceCall();
        }
    }

    public Task<CallRoster> GetCallMembers(Actor actor)
    {
        RoomAccess.EnsureCanSee(State, RoomId, actor);
        return Task.FromResult(Roster());
    }

    /// <summary>The connections leave the call, each logged as <c>callLeft</c>; those not in it change nothing.</summary>
    private async Task LeaveCalls(IReadOnlyList<string> connectionIds, string reason)
    {
        var now = time.GetUtcNow();
        var left = connectionIds.Select(Calls.Leave).OfType<RoomCall.Entry>().ToList();
        if (left.Count == 0)
            return;
        foreach (var entry in left)
            AppendCallLeft(entry, now, reason);
        AnnounceCall();
        await Persist();
    }

    /// <summary>The room closes: its call ends, each member logged as having left (written with the close).</summary>
    private void EndCall(DateTimeOffset now)
    {
        var members = Calls.All;
        if (members.Count == 0)
            return;
        foreach (var entry in members.Select(Calls.Leave).OfType<RoomCall.Entry>())
            AppendCallLeft(entry, now, CallLeftReasons.RoomClosed);
        AnnounceCall();
    }

    private void AppendCallLeft(RoomCall.Entry entry, DateTimeOffset now, string reason) =>
        Append(entry.Actor, RoomEventTypes.CallLeft,
            new CallLeft(entry.Member.ConnectionId, entry.Member.Department, entry.JoinedAt, (long)Math.Max(0, (now - entry.JoinedAt).TotalSeconds), reason), now);

    private CallRoster Roster() => new(RoomId, Calls.Members, Calls.Version);

    private void AnnounceCall() => _relays.AnnounceCall(Roster(), Calls.Relays);
}
