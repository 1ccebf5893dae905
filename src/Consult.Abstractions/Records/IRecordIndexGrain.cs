namespace Consult.Records;

/// <summary>A record's hash (the key: 64 lowercase hex digits) pointing at what it verifies.</summary>
[Alias("consult.record-index-grain")]
public interface IRecordIndexGrain : IGrainWithStringKey
{
    /// <summary>Writes the entry; the same entry again changes nothing.</summary>
    [Alias("register")]
    Task Register(Guid roomId, RecordVerification verification);

    /// <summary>The entry, or null for a hash no record has.</summary>
    [Alias("find")]
    Task<RecordVerification?> Find();
}
