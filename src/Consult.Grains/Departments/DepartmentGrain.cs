using System.Collections.Immutable;
using Consult.Hosting;
using Consult.Realtime;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Consult.Departments;

public sealed class DepartmentGrain(
    [PersistentState(StateNames.Department, StorageNames.Consult)] IPersistentState<DepartmentGrain.State> store,
    ILogger<DepartmentGrain> logger) : Grain, IDepartmentGrain
{
    private readonly ObserverManager<string, IRoomRelay> _relays = new(RelayTimings.Expiry, logger);

    public async Task Upsert(Invitation invitation)
    {
        var known = store.State.Open.TryGetValue(invitation.RoomId, out var current);
        if (known && current == invitation)
            return;
        store.State.Open[invitation.RoomId] = invitation;
        await store.WriteStateAsync();
        if (!known && _relays.Count > 0)
        {
            var department = this.GetPrimaryKeyString();
            await _relays.Notify(relay => relay.OnInvitation(department, invitation));
        }
    }

    public Task Watch(string nodeId, IRoomRelay relay)
    {
        _relays.Subscribe(nodeId, relay);
        return Task.CompletedTask;
    }

    public Task Unwatch(string nodeId)
    {
        _relays.Unsubscribe(nodeId);
        return Task.CompletedTask;
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
