namespace Consult.Cases.Index;

/// <summary>
/// Where the case index reads the day grains' stored rows from: the grain storage itself
/// (Embedded mode's SQLite file, Cluster mode's Redis). The index is a projection of these rows;
/// a row's version (its ETag, as a number) tells it whether it has taken the row in.
/// </summary>
public interface IStoredDayRows : IDisposable
{
    /// <summary>Every stored row of the grains whose id starts with <paramref name="grainPrefix"/> and whose state name starts with <paramref name="statePrefix"/>, with its version.</summary>
    Task<List<(string GrainId, string StateName, long ETag)>> All(string grainPrefix, string statePrefix, CancellationToken cancellationToken);

    /// <summary>The stored version of one row; null when it is not stored.</summary>
    Task<long?> ETag(string grainId, string stateName, CancellationToken cancellationToken);

    /// <summary>One row's stored bytes; null when it is not stored.</summary>
    Task<byte[]?> Data(string grainId, string stateName, CancellationToken cancellationToken);

    /// <summary>A day grain of this node stored the row; in Cluster mode every node's index is told.</summary>
    void Stored(string grainId, string stateName);

    /// <summary>
    /// The rows day grains of other nodes stored since the last call, and whether some may have
    /// been missed (a notice lost with its node, or trimmed before it was read): then the index
    /// looks every row over.
    /// </summary>
    Task<(bool LookOver, IReadOnlyCollection<(string GrainId, string StateName)> Rows)> StoredElsewhere(CancellationToken cancellationToken);
}
