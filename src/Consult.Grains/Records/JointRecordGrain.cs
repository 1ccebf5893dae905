using Consult.Common;
using Consult.Hosting;

namespace Consult.Records;

public sealed class JointRecordGrain(
    [PersistentState(StateNames.Record, StorageNames.Consult)] IPersistentState<JointRecordGrain.State> store) : Grain, IJointRecordGrain
{
    public Task<SealedRecord?> Get() => Task.FromResult(store.State.Record);

    public async Task<SealedRecord> Seal(SealedRecord record)
    {
        if (store.State.Record is { } kept)
            return kept;
        if (record.RoomId != this.GetPrimaryKey() || !JointRecordHash.IsWellFormed(record.Sha256) || JointRecordHash.Of(record.Json) != record.Sha256)
            throw ConsultException.InvalidInput("The record does not belong to this room or its hash does not match its text.");
        // The index first: a record kept here is always verifiable; an index entry whose record
        // write then failed is written again, the same, by the next attempt.
        await GrainFactory.GetGrain<IRecordIndexGrain>(record.Sha256).Register(record.RoomId, record.Verification);
        store.State.Record = record;
        await store.WriteStateAsync();
        return record;
    }

    [GenerateSerializer, Alias("consult.record-grain.state")]
    public sealed class State
    {
        [Id(0)] public SealedRecord? Record { get; set; }
    }
}
