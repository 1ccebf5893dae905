using Orleans.Storage;

namespace Consult.Grains.Tests.Fixtures;

/// <summary>
/// The test cluster's grain storage: the real one, except for the writes a test armed a
/// <see cref="StorageFaults"/> fault for, which fail with a <see cref="TimeoutException"/> as a
/// store that does not answer in time would.
/// </summary>
public sealed class FaultInjectingStorage(IGrainStorage inner, StorageFaults faults) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var fault = faults.Take(stateName, grainId, grainState.State);
        if (fault is null)
        {
            await inner.WriteStateAsync(stateName, grainId, grainState);
            return;
        }

        if (fault.Landed)
            await inner.WriteStateAsync(stateName, grainId, grainState);
        throw new TimeoutException($"Injected fault: writing {stateName} of {grainId} {(fault.Landed ? "landed but was not acknowledged" : "failed")}.");
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}
