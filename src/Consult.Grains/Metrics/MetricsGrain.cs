using System.Collections.Immutable;
using Consult.Hosting;
using Consult.Rooms;

namespace Consult.Metrics;

public sealed class MetricsGrain(
    [PersistentState(StateNames.Metrics, StorageNames.Consult)] IPersistentState<MetricsGrain.State> store) : Grain, IMetricsGrain
{
    public async Task RoomOpened(Guid roomId, string caseNumber, string matterCode, DateTimeOffset openedAt, DateTimeOffset deadline)
    {
        if (store.State.Rooms.ContainsKey(roomId))
            return;
        store.State.Rooms[roomId] = new RoomRecord(roomId, caseNumber, matterCode, openedAt, deadline, null, null);
        await store.WriteStateAsync();
    }

    public async Task DeadlineChanged(Guid roomId, DateTimeOffset deadline)
    {
        if (store.State.Rooms.TryGetValue(roomId, out var room) && room.Deadline != deadline)
        {
            store.State.Rooms[roomId] = room with { Deadline = deadline };
            await store.WriteStateAsync();
        }
    }

    public async Task FirstDecision(Guid roomId, string department, DateTimeOffset invitedAt, DateTimeOffset decidedAt)
    {
        if (store.State.Decisions.Exists(d => d.RoomId == roomId && d.Department == department))
            return;
        store.State.Decisions.Add(new DecisionRecord(roomId, department, invitedAt, decidedAt));
        await store.WriteStateAsync();
    }

    public async Task RoomClosed(Guid roomId, DateTimeOffset closedAt, JointOutcome outcome)
    {
        if (store.State.Rooms.TryGetValue(roomId, out var room) && room.ClosedAt is null)
        {
            store.State.Rooms[roomId] = room with { ClosedAt = closedAt, Outcome = outcome };
            await store.WriteStateAsync();
        }
    }

    public Task<MetricsShard> Get() =>
        Task.FromResult(new MetricsShard([.. store.State.Rooms.Values], [.. store.State.Decisions]));

    [GenerateSerializer, Alias("consult.metrics-grain.state")]
    public sealed class State
    {
        [Id(0)] public Dictionary<Guid, RoomRecord> Rooms { get; set; } = [];
        [Id(1)] public List<DecisionRecord> Decisions { get; set; } = [];
    }
}
