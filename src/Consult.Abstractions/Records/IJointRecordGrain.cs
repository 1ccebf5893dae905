namespace Consult.Records;

/// <summary>The joint record of one room (the key is the room's id), kept once made.</summary>
[Alias("consult.record-grain")]
public interface IJointRecordGrain : IGrainWithGuidKey
{
    /// <summary>The record kept for the room; null until one is sealed.</summary>
    [Alias("get")]
    Task<SealedRecord?> Get();

    /// <summary>
    /// Keeps <paramref name="record"/> unless one is kept already, and answers the one kept: the
    /// first record made for a room is its record for ever. The hash index is written first, so a
    /// kept record can always be verified.
    /// </summary>
    [Alias("seal")]
    Task<SealedRecord> Seal(SealedRecord record);
}
