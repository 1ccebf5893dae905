using System.Threading.RateLimiting;
using Consult.Calls;
using Consult.Cases;
using Consult.Common;
using Consult.Rooms;
using Consult.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Consult.Server.Realtime.Calls;

/// <summary>
/// Joins hub connections and board circuits to a room's call and passes their signals to the room,
/// which hands each to the relay of the node holding its addressee. A member must be in the room
/// first (the hub joins it there when it is not), so the room knows which node's relay holds it.
/// </summary>
public sealed class CallRelay(RoomRelay relay, IGrainFactory grains, CallIceServers ice, IOptions<ConsultOptions> options)
{
    private VideoOptions Video => options.Value.Video;

    public async Task<CallJoinAnswer> JoinCall(string connectionId, Actor actor, Guid roomId)
    {
        if (relay.NodeKeyOf(roomId, connectionId) is not { } node)
        {
            await relay.JoinRoom(connectionId, actor, roomId);
            node = relay.NodeKeyOf(roomId, connectionId) ?? throw ConsultException.Conflict("The room was left while joining its call.");
        }

        var roster = await Room(roomId).JoinCall(actor, node, connectionId);
        return new CallJoinAnswer(ice.For(actor.UserName), roster.Members, connectionId, roster.Version);
    }

    /// <summary>The applicant behind tracking link <paramref name="token"/> joins the call of its case's room, while the convener allows it.</summary>
    public async Task<CallJoinAnswer> JoinApplicantCall(string connectionId, string token, Guid roomId)
    {
        await EnsureApplicantAdmitted(token, roomId);
        var answer = await JoinCall(connectionId, Actor.Applicant, roomId);
        return answer with { Members = RoomRelay.ForApplicant(new CallRoster(roomId, answer.Members)).Members };
    }

    /// <summary>The tracking page's place in the call (<see cref="JoinLocal"/> as the applicant).</summary>
    public async Task<LocalCall> JoinApplicantLocal(string token, Guid roomId, Func<CallSignalDelivery, Task> onSignal, Func<CallMuted, Task> onMuted)
    {
        await EnsureApplicantAdmitted(token, roomId);
        return await JoinLocal(Actor.Applicant, roomId, onSignal, onMuted);
    }

    /// <summary>
    /// The link's case has <paramref name="roomId"/> as its room and the convener lets the applicant
    /// in (its public view names the room); the room checks the permission again when joined.
    /// </summary>
    public async Task EnsureApplicantAdmitted(string token, Guid roomId)
    {
        if (!TrackingTokens.IsWellFormed(token) || await grains.GetGrain<ITrackingGrain>(token).Resolve() is not { } caseId)
            throw ConsultException.NotFound("No case for this link.");
        var view = await grains.GetGrain<ICaseGrain>(caseId).GetPublicView(token);
        if (view.CallRoomId != roomId)
            throw ConsultException.Forbidden("The convener has not let the applicant join this call.");
    }

    public Task<RoomSnapshot> AllowApplicant(Actor convener, Guid roomId, bool allowed) => Room(roomId).AllowApplicantCall(convener, allowed);

    public Task LeaveCall(string connectionId, Guid roomId) => Room(roomId).LeaveCall(connectionId);

    public Task SendSignal(string connectionId, Guid roomId, string toConnectionId, CallSignal signal, TokenBucketRateLimiter limiter)
    {
        CallSignals.Take(limiter, Video);
        return Room(roomId).Signal(connectionId, toConnectionId, signal);
    }

    /// <summary>The room's convener mutes another member (<see cref="IConsultationGrain.MuteCallMember"/>).</summary>
    public Task Mute(Actor actor, Guid roomId, string connectionId) => Room(roomId).MuteCallMember(actor, connectionId);

    /// <summary>A member's microphone and camera, from the signals' bucket: each change is told to every member of the room.</summary>
    public Task SetMedia(string connectionId, Guid roomId, CallMedia media, TokenBucketRateLimiter limiter)
    {
        CallSignals.Take(limiter, Video);
        return Room(roomId).SetCallMedia(connectionId, media);
    }

    public TokenBucketRateLimiter NewLimiter() => CallSignals.NewLimiter(Video);

    /// <summary>A board's member of the call: signals for it reach <paramref name="onSignal"/>, the convener's mute <paramref name="onMuted"/>; disposing it leaves the call.</summary>
    public async Task<LocalCall> JoinLocal(Actor actor, Guid roomId, Func<CallSignalDelivery, Task> onSignal, Func<CallMuted, Task> onMuted)
    {
        var (id, node, membership) = await relay.JoinForCall(actor, roomId, onSignal, onMuted);
        try
        {
            var roster = await Room(roomId).JoinCall(actor, node, id);
            return new LocalCall(this, roomId, new CallJoinAnswer(ice.For(actor.UserName), roster.Members, id, roster.Version), membership, NewLimiter());
        }
        catch
        {
            await membership.DisposeAsync();
            throw;
        }
    }

    public bool LoopbackCandidatesOnly => Video.LoopbackCandidatesOnly;

    private IConsultationGrain Room(Guid roomId) => grains.GetGrain<IConsultationGrain>(roomId);
}
