using System.Collections.Immutable;
using Consult.Calls;
using Consult.Common;
using Consult.Rooms.Events;

namespace Consult.Rooms;

/// <summary>
/// The room's call: the room keeps who is in it (<see cref="RoomCall"/>, not stored), logs each
/// join and leave, and hands each WebRTC signal to the relay of the node that holds its addressee,
/// so members on different nodes reach each other. Media never passes through the server.
/// </summary>
public sealed partial class ConsultationGrain
{
    private readonly RoomCall _call = new();

    public async Task<CallRoster> JoinCall(Actor actor, string nodeId, string connectionId)
    {
        RoomAccess.EnsureMayCall(State, RoomId, actor);
        RoomAccess.EnsureOpen(State);
        var now = time.GetUtcNow();
        if (_call.Join(nodeId, actor, connectionId, now))
        {
            Append(actor, RoomEventTypes.CallJoined, new CallJoined(connectionId, actor.Department), now);
            try
            {
                await Persist();
            }
            catch
            {
                _call.Leave(connectionId);
                throw;
            }

            AnnounceCall();
        }

        return Roster();
    }

    public Task LeaveCall(string connectionId) => LeaveCalls([connectionId], CallLeftReasons.Left);

    public Task Signal(string fromConnectionId, string toConnectionId, CallSignal signal)
    {
        RoomAccess.EnsureExists(State, RoomId);
        if (!_call.Contains(fromConnectionId))
            throw ConsultException.Forbidden("Join the room's call before signalling.");
        if (fromConnectionId == toConnectionId)
            throw ConsultException.InvalidInput("A signal goes to another member of the call.");
        if (_call.NodeOf(toConnectionId) is not { } node || !_relays.Send(node, toConnectionId, new CallSignalDelivery(RoomId, fromConnectionId, signal)))
            throw ConsultException.NotFound($"No member '{toConnectionId}' in this call.");
        return Task.CompletedTask;
    }

    public Task MuteCallMember(Actor actor, string connectionId)
    {
        RoomAccess.EnsureConvener(State, RoomId, actor);
        RoomAccess.EnsureOpen(State);
        if (_call.NodeOf(connectionId) is not { } node)
            throw ConsultException.NotFound($"No member '{connectionId}' in this call.");
        if (_call.SetMedia(connectionId, muted: true, cameraOff: null, sharing: null) is not null)
            AnnounceCall();
        _relays.SendMuted(node, connectionId, new CallMuted(RoomId, actor.UserName, actor.DisplayName));
        return Task.CompletedTask;
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
        var dismissed = allowed ? [] : _call.OfRole(Roles.Applicant).Select(_call.Leave).OfType<RoomCall.Entry>().ToList();
        foreach (var entry in dismissed)
            AppendCallLeft(entry, now, CallLeftReasons.NotAllowed);
        // The tracking link shows the join button (or takes it away) through the case's public view.
        Notices.Owe(new Outbox.CaseRoomProgressNotice());
        var snapshot = await Commit();
        if (dismissed.Count > 0)
            AnnounceCall();
        return snapshot;
    }

    public Task SetCallMedia(string connectionId, CallMedia media)
    {
        if (_call.SetMedia(connectionId, muted: !media.Microphone, cameraOff: !media.Camera, sharing: media.Screen) is not null)
            AnnounceCall();
        return Task.CompletedTask;
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
        var left = connectionIds.Select(_call.Leave).OfType<RoomCall.Entry>().ToList();
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
        var members = _call.All;
        if (members.Count == 0)
            return;
        foreach (var entry in members.Select(_call.Leave).OfType<RoomCall.Entry>())
            AppendCallLeft(entry, now, CallLeftReasons.RoomClosed);
        AnnounceCall();
    }

    private void AppendCallLeft(RoomCall.Entry entry, DateTimeOffset now, string reason) =>
        Append(entry.Actor, RoomEventTypes.CallLeft,
            new CallLeft(entry.Member.ConnectionId, entry.Member.Department, entry.JoinedAt, (long)Math.Max(0, (now - entry.JoinedAt).TotalSeconds), reason), now);

    private CallRoster Roster() => new(RoomId, _call.Members, _call.Version);

    private void AnnounceCall() => _relays.AnnounceCall(Roster());
}
