using System.Collections.Immutable;
using System.Text.Json;
using Consult.Calls;
using Consult.Cases;
using Consult.Realtime;
using Consult.Rooms;
using Consult.Server.Auth;
using Consult.Server.Realtime.Calls;
using Microsoft.AspNetCore.SignalR;

namespace Consult.Server.Realtime;

/// <summary>
/// The v1 hub. It only receives commands, checks who is asking (again on every call), and calls
/// grains; what others see arrives through the <see cref="RoomRelay"/>, never by rebroadcasting.
/// Anonymous callers may only follow a case. Arguments are read by <see cref="HubArguments"/>, so
/// that a wrong one is refused with the contract's code.
/// </summary>
public sealed class ConsultationHub(RoomRelay relay, CallRelay calls, CurrentActors actors) : Hub<IConsultationClient>
{
    public override async Task OnConnectedAsync()
    {
        var actor = await actors.Find(Context.User);
        if (actor is { IsDepartment: true, Department: { } department })
            await relay.AddDepartmentMember(Context.ConnectionId, department);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await relay.Disconnected(Context.ConnectionId);
        if (Context.Items.TryGetValue(SignalLimiterKey, out var limiter) && limiter is IDisposable disposable)
            disposable.Dispose();
    }

    public async Task<RoomSnapshot> JoinRoom(JsonElement roomId) =>
        await relay.JoinRoom(Context.ConnectionId, await actors.Require(Context.User), HubArguments.Id(roomId, "roomId"));

    public async Task LeaveRoom(JsonElement roomId)
    {
        var id = HubArguments.Id(roomId, "roomId");
        await actors.Require(Context.User);
        await relay.LeaveRoom(Context.ConnectionId, id);
    }

    public async Task<RoomSnapshot> CastDecision(HubId roomId, HubBody<DecisionInput> input)
    {
        var room = relay.Room(roomId.Require("roomId"));
        var decision = input.Require("decision");
        return await room.CastDecision(await actors.Require(Context.User), decision);
    }

    public async Task PostMessage(HubId roomId, HubBody<ChatMessage> message)
    {
        var room = relay.Room(roomId.Require("roomId"));
        var chat = message.Require("message");
        await room.PostMessage(await actors.Require(Context.User), chat);
    }

    public async Task<ImmutableArray<RoomEvent>> Resync(JsonElement roomId, JsonElement afterSeq)
    {
        var room = Room(roomId);
        var after = HubArguments.Number(afterSeq, "afterSeq");
        return await room.GetEvents(await actors.Require(Context.User), after);
    }

    public Task<PublicCaseView> FollowCase(JsonElement trackingToken) =>
        relay.FollowCase(Context.ConnectionId, HubArguments.Text(trackingToken, "trackingToken"));

    /// <summary>Joins the room's call (and the room, if this connection has not); the room's members only.</summary>
    /// <remarks>
    /// An anonymous connection that follows a tracking link joins as the applicant, only while the
    /// convener allows it (<c>forbidden</c> otherwise); other anonymous callers are <c>unauthorized</c>.
    /// </remarks>
    public async Task<CallJoinAnswer> JoinCall(JsonElement roomId)
    {
        var id = HubArguments.Id(roomId, "roomId");
        return ApplicantToken() is { } token
            ? await calls.JoinApplicantCall(Context.ConnectionId, token, id)
            : await calls.JoinCall(Context.ConnectionId, await actors.Require(Context.User), id);
    }

    public async Task LeaveCall(JsonElement roomId)
    {
        var id = HubArguments.Id(roomId, "roomId");
        await RequireCallMember();
        await calls.LeaveCall(Context.ConnectionId, id);
    }

    /// <summary>The room's convener lets the applicant join the call from the tracking link (<c>true</c>) or withdraws it.</summary>
    public async Task<RoomSnapshot> AllowApplicantInCall(JsonElement roomId, JsonElement allowed)
    {
        var id = HubArguments.Id(roomId, "roomId");
        var allow = HubArguments.Flag(allowed, "allowed");
        return await calls.AllowApplicant(await actors.Require(Context.User), id, allow);
    }

    /// <summary>The tracking token of an anonymous connection that follows a case: it may be in a call as the applicant.</summary>
    private string? ApplicantToken() =>
        Context.User?.Identity is { IsAuthenticated: true } ? null : relay.FollowedToken(Context.ConnectionId);

    /// <summary>A signed-in caller, or the applicant's connection (the room checks it is in the call).</summary>
    private async Task RequireCallMember()
    {
        if (ApplicantToken() is null)
            await actors.Require(Context.User);
    }

    public async Task SendSignal(JsonElement roomId, JsonElement toConnectionId, JsonElement signal)
    {
        var id = HubArguments.Id(roomId, "roomId");
        var to = HubArguments.Text(toConnectionId, "toConnectionId");
        var body = CallSignals.Read(signal);
        await RequireCallMember();
        await calls.SendSignal(Context.ConnectionId, id, to, body, SignalLimiter());
    }

    // One bucket per connection, made at its first signal (SignalR runs a connection's calls one at a time).
    private System.Threading.RateLimiting.TokenBucketRateLimiter SignalLimiter()
    {
        if (!Context.Items.TryGetValue(SignalLimiterKey, out var found) || found is not System.Threading.RateLimiting.TokenBucketRateLimiter limiter)
            Context.Items[SignalLimiterKey] = limiter = calls.NewLimiter();
        return limiter;
    }

    /// <summary>The room's convener mutes a member of its call; that member's connection is told (<c>CallMuted</c>).</summary>
    public async Task MuteCallMember(JsonElement roomId, JsonElement connectionId)
    {
        var id = HubArguments.Id(roomId, "roomId");
        var member = HubArguments.Text(connectionId, "connectionId");
        await calls.Mute(await actors.Require(Context.User), id, member);
    }

    /// <summary>This connection's microphone and camera, as the other members see them.</summary>
    public async Task SetCallMedia(JsonElement roomId, JsonElement media)
    {
        var id = HubArguments.Id(roomId, "roomId");
        var body = HubArguments.Body<CallMedia>(media, "media");
        await RequireCallMember();
        await calls.SetMedia(Context.ConnectionId, id, body, SignalLimiter());
    }

    private static readonly object SignalLimiterKey = new();

    private IConsultationGrain Room(JsonElement roomId) => relay.Room(HubArguments.Id(roomId, "roomId"));
}
