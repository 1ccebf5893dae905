namespace Consult.Server.Hosting;

/// <summary>Where Embedded mode keeps grain state (<c>Consult:Storage</c>).</summary>
public enum GrainStorageKind
{
    /// <summary>The SQLite file under the data path: an acknowledged change survives a crash.</summary>
    Durable,

    /// <summary>
    /// Process memory, lost when the server stops. Only for benchmarks that separate the cost of
    /// durability from the rest (tests/Consult.Load, baseline B1); never for real cases.
    /// </summary>
    Memory,
}
