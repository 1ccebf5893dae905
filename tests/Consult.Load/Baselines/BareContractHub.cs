using System.Collections.Immutable;
using System.Text.Json;
using Consult.Realtime;
using Consult.Rooms;
using Consult.Rooms.Events;
using Microsoft.AspNetCore.SignalR;

namespace Consult.Load.Baselines;

/// <summary>
/// B0c: the bare hub (<see cref="BareHub"/>: no sign-in, no grains, no storage) speaking the contract's messages.
/// <c>JoinRoom</c> and <c>CastDecision</c> answer a whole <see cref="RoomSnapshot"/> of the load's room (four seats, as
/// the matter <c>highway-occupation</c> has them, the deciding seat's decision updated), and a decision is sent as the
/// <see cref="RoomEvent"/> Consult sends (its <see cref="DecisionCast"/> payload, the actor's name). B0c beside B0
/// measures what the contract's message shapes cost a hub and its clients; B1 beside B0c what the grain path costs.
/// </summary>
public sealed class BareContractHub(BareRooms rooms) : Hub
{
    private static readonly DateTimeOffset Opened = DateTimeOffset.UtcNow;

    public async Task<RoomSnapshot> JoinRoom(Guid roomId)
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, BareHub.Group(roomId));
        var room = rooms.Get(roomId);
        await room.Gate.WaitAsync();
        try
        {
            return room.Snapshot ??= Empty(roomId);
        }
        finally
        {
            room.Gate.Release();
        }
    }

    public Task LeaveRoom(Guid roomId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, BareHub.Group(roomId));

    public async Task<RoomSnapshot> CastDecision(Guid roomId, DecisionInput input)
    {
        var room = rooms.Get(roomId);
        await room.Gate.WaitAsync();
        try
        {
            var now = DateTimeOffset.UtcNow;
            var actorName = $"{input.Department} representative";
            var snapshot = room.Snapshot ??= Empty(roomId);
            var seq = ++room.Seq;
            var index = IndexOf(snapshot.Seats, input.Department);
            var seat = snapshot.Seats[index];
            var conditions = input.Conditions ?? [];
            var revision = (seat.Decision?.Revision ?? 0) + 1;
            var decided = seat with
            {
                Status = SeatStatus.Decided,
                Decision = new DecisionView(input.Outcome, input.Comment, conditions, input.Department, now, revision, input.OnBehalf, [], DecidedByName: actorName),
            };
            snapshot = room.Snapshot = snapshot with { Seats = snapshot.Seats.SetItem(index, decided), Seq = seq };
            var cast = new DecisionCast(input.Department, input.Outcome, input.Comment, conditions, revision, input.OnBehalf, SeatStatus.Decided, JointOutcome.Pending, []);
            var e = new RoomEvent(roomId, seq, now, input.Department, RoomEventTypes.DecisionCast, JsonSerializer.Serialize(cast, rooms.Json), actorName);
            await Clients.Group(BareHub.Group(roomId)).SendAsync(HubContract.RoomEvent, e);
            return snapshot;
        }
        finally
        {
            room.Gate.Release();
        }
    }

    private static RoomSnapshot Empty(Guid roomId) => new(
        roomId,
        Guid.NewGuid(),
        "HZ-2026-000001",
        "highway-occupation",
        RoomStatus.Open,
        "window",
        Opened,
        null,
        Opened.AddDays(5),
        [
            Seat(RoomSetup.Departments[0], SeatRole.Required, present: true),
            Seat(RoomSetup.Departments[1], SeatRole.Required, present: true),
            Seat(RoomSetup.Departments[2], SeatRole.Advisory, present: true),
            Seat("enforcement", SeatRole.Notify, present: false),
        ],
        JointOutcome.Pending,
        null,
        null,
        0,
        Catalog.JointRuleKind.Unanimous,
        Opened,
        [],
        [],
        ConvenerName: "Window officer",
        MatterVersion: 1);

    // The load's rooms (RoomSetup) have a representative of each deciding department in them, none of the copied one.
    private static SeatView Seat(string department, SeatRole role, bool present) =>
        new(department, role, present ? SeatStatus.Joined : SeatStatus.Invited, Opened, null, present ? [$"{department}-rep"] : []);

    private static int IndexOf(ImmutableArray<SeatView> seats, string department)
    {
        for (var i = 0; i < seats.Length; i++)
        {
            if (seats[i].Department == department)
                return i;
        }

        throw new HubException($"{department} has no seat.");
    }
}
