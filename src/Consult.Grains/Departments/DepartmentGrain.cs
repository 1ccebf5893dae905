using System.Collections.Immutable;
using Consult.Hosting;

namespace Consult.Departments;

public sealed class DepartmentGrain(
    [PersistentState(StateNames.Department, StorageNames.Consult)] IPersistentState<DepartmentGrain.State> store) : Grain, IDepartmentGrain
{
    public async Task Upsert(Invitation invitation)
    {
        if (store.State.Open.TryGetValue(invitation.RoomId, out var current) && current == invitation)
            return;
        store.State.Open[invitation.RoomId] = invitation;
        await store.WriteStateAsync();
    }

    public async Task Remove(Guid roomId)
    {
        if (store.State.Open.Remove(roomId))
            await store.WriteStateAsync();
    }

    public Task<ImmutableArray<Invitation>> GetOpenInvitations() =>
        Task.FromResult(store.State.Open.Values.OrderBy(i => i.Deadline).ToImmutableArray());

    [GenerateSerializer, Alias("consult.department-grain.state")]
    public sealed class State
    {
        [Id(0)]
        public Dictionary<Guid, Invitation> Open { get; set; } = [];
    }
}
