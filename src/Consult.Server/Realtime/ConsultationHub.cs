using System.Collections.Immutable;
using Consult.Cases;
using Consult.Common;
using Consult.Realtime;
using Consult.Rooms;
using Consult.Server.Auth;
using Microsoft.AspNetCore.SignalR;

namespace Consult.Server.Realtime;

/// <summary>
/// The v1 hub. It only receives commands, checks who is asking (again on every call), and calls
/// grains; what others see arrives through the <see cref="RoomRelay"/>, never by rebroadcasting.
/// Anonymous callers may only follow a case.
/// </summary>
public sealed class ConsultationHub(RoomRelay relay, CurrentActors actors, IGrainFactory grains) : Hub<IConsultationClient>
{
    public override async Task OnConnectedAsync()
    {
        var actor = await actors.Find(Context.User);
        if (actor is { IsDepartment: true, Department: { } department })
            await relay.AddDepartmentMember(Context.ConnectionId, department);
    }

    public override Task OnDisconnectedAsync(Exception? exception) => relay.Disconnected(Context.ConnectionId);

    public async Task<RoomSnapshot> JoinRoom(Guid roomId) =>
        await relay.JoinRoom(Context.ConnectionId, await actors.Require(Context.User), roomId);

    public async Task LeaveRoom(Guid roomId)
    {
        await actors.Require(Context.User);
        await relay.LeaveRoom(Context.ConnectionId, roomId);
    }

    public async Task<RoomSnapshot> CastDecision(Guid roomId, DecisionInput input) =>
        await Room(roomId).CastDecision(await actors.Require(Context.User), input ?? throw ConsultException.InvalidInput("A decision is required."));

    public async Task PostMessage(Guid roomId, ChatMessage message) =>
        await Room(roomId).PostMessage(await actors.Require(Context.User), message ?? throw ConsultException.InvalidInput("A message is required."));

    public async Task<ImmutableArray<RoomEvent>> Resync(Guid roomId, long afterSeq) =>
        await Room(roomId).GetEvents(await actors.Require(Context.User), afterSeq);

    public Task<PublicCaseView> FollowCase(string trackingToken) => relay.FollowCase(Context.ConnectionId, trackingToken);

    private IConsultationGrain Room(Guid roomId) => grains.GetGrain<IConsultationGrain>(roomId);
}
