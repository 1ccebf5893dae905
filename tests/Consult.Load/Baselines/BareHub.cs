using System.Collections.Concurrent;
using System.Text.Json;
using Consult.Realtime;
using Consult.Rooms;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace Consult.Load.Baselines;

/// <summary>
/// B0, the floor: the same hub path, method names and JSON as Consult, but a decision only takes
/// the room's next <c>seq</c> and is sent to the room's SignalR group. No sign-in, no grains, no storage.
/// </summary>
public sealed class BareHub(BareRooms rooms) : Hub
{
    public async Task<BareSnapshot> JoinRoom(Guid roomId)
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(roomId));
        return new BareSnapshot(roomId, rooms.LastSeq(roomId));
    }

    public Task LeaveRoom(Guid roomId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, Group(roomId));

    public async Task<BareSnapshot> CastDecision(Guid roomId, DecisionInput input)
    {
        // One writer per room, like the room grain: events leave in seq order.
        var room = rooms.Get(roomId);
        await room.Gate.WaitAsync();
        try
        {
            var seq = ++room.Seq;
            var payload = JsonSerializer.Serialize(new { department = input.Department, outcome = input.Outcome, comment = input.Comment }, rooms.Json);
            // B3: the decision is written to Redis before it is sent, as Consult stores it before it is sent.
            if (rooms.Redis is { } redis)
                await redis.ListRightPushAsync($"consult-load:room:{roomId}", payload);
            var e = new RoomEvent(roomId, seq, DateTimeOffset.UtcNow, input.Department, RoomEventTypes.DecisionCast, payload);
            await Clients.Group(Group(roomId)).SendAsync(HubContract.RoomEvent, e);
            return new BareSnapshot(roomId, seq);
        }
        finally
        {
            room.Gate.Release();
        }
    }

    /// <summary>A room's SignalR group, for both bare hubs.</summary>
    internal static string Group(Guid roomId) => $"room:{roomId}";
}

public sealed record BareSnapshot(Guid RoomId, long Seq);

/// <summary>The bare hub's rooms: a seq and a one-writer gate each (and, for B3, the Redis they are written to). One instance per bare server.</summary>
public sealed class BareRooms(JsonSerializerOptions json, IDatabase? redis)
{
    private readonly ConcurrentDictionary<Guid, Room> _rooms = new();

    public JsonSerializerOptions Json { get; } = json;

    /// <summary>B3 only: where every decision is written.</summary>
    public IDatabase? Redis { get; } = redis;

    public Room Get(Guid roomId) => _rooms.GetOrAdd(roomId, _ => new Room());

    public long LastSeq(Guid roomId) => _rooms.TryGetValue(roomId, out var room) ? Volatile.Read(ref room.Seq) : 0;

    public sealed class Room
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public long Seq;

        /// <summary>B0c only: the room as the contract's snapshot, replaced under <see cref="Gate"/>.</summary>
        public RoomSnapshot? Snapshot;
    }
}
