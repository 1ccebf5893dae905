using Consult.Hosting;

namespace Consult.Cases;

public sealed class TrackingGrain(
    [PersistentState(StateNames.Tracking, StorageNames.Consult)] IPersistentState<TrackingGrain.State> store) : Grain, ITrackingGrain
{
    public async Task Bind(Guid caseId)
    {
        store.State.CaseId = caseId;
        store.State.Revoked = false;
        await store.WriteStateAsync();
    }

    public async Task Revoke()
    {
        store.State.Revoked = true;
        await store.WriteStateAsync();
    }

    public Task<Guid?> Resolve() => Task.FromResult(store.State.Revoked ? null : store.State.CaseId);

    [GenerateSerializer, Alias("consult.tracking-grain.state")]
    public sealed class State
    {
        [Id(0)] public Guid? CaseId { get; set; }
        [Id(1)] public bool Revoked { get; set; }
    }
}
