namespace Consult.Storage;

/// <summary>
/// Where a projection of grain rows (the case index, the metrics index) reads them from: the grain
/// storage itself (Embedded mode's SQLite file, Cluster mode's Redis). A row's version (its ETag,
/// as a number) tells the projection whether it has taken the row in; the versions of SQLite's rows
/// grow with each write, those of Redis' rows are only equal or not.
/// </summary>
public interface IStoredRows : IDisposable
{
    /// <summary>Every stored row of the grains whose id starts with <paramref name="grainPrefix"/> and whose state name starts with <paramref name="statePrefix"/>, with its version.</summary>
    Task<List<(string GrainId, string StateName, long ETag)>> All(string grainPrefix, string statePrefix, CancellationToken cancellationToken);

    /// <summary>The stored version of one row; null when it is not stored.</summary>
    Task<long?> ETag(string grainId, string stateName, CancellationToken cancellationToken);

    /// <summary>One row's stored bytes with their version, read together; null when it is not stored.</summary>
    Task<(long ETag, byte[] Data)?> Data(string grainId, string stateName, CancellationToken cancellationToken);

    /// <summary>A grain of this node stored the row; in Cluster mode every node's projection is told.</summary>
    void Stored(string grainId, string stateName);

    /// <summary>
    /// The rows grains of other nodes stored since the last call, and whether some may have been
    /// missed (a notice lost with its node, or trimmed before it was read): then the projection
    /// looks every row over.
    /// </summary>
    Task<(bool LookOver, IReadOnlyCollection<(string GrainId, string StateName)> Rows)> StoredElsewhere(CancellationToken cancellationToken);
}
