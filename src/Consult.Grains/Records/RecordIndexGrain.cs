using Consult.Common;
using Consult.Hosting;

namespace Consult.Records;

public sealed class RecordIndexGrain(
    [PersistentState(StateNames.RecordIndex, StorageNames.Consult)] IPersistentState<RecordIndexGrain.State> store) : Grain, IRecordIndexGrain
{
    public async Task Register(Guid roomId, RecordVerification verification)
    {
        if (store.State.RoomId is { } known)
        {
            // Two records with one SHA-256 would be a collision: never overwrite the first.
            if (known != roomId || store.State.Verification != verification)
                throw ConsultException.Conflict("Another record has this hash.");
            return;
        }

        store.State.RoomId = roomId;
        store.State.Verification = verification;
        await store.WriteStateAsync();
    }

    public Task<RecordVerification?> Find() => Task.FromResult(store.State.Verification);

    [GenerateSerializer, Alias("consult.record-index-grain.state")]
    public sealed class State
    {
        [Id(0)] public Guid? RoomId { get; set; }
        [Id(1)] public RecordVerification? Verification { get; set; }
    }
}
