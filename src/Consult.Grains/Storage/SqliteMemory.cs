using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Consult.Storage;

/// <summary>
/// What SQLite itself holds in this process's native heap, all its connections together: page
/// caches (each connection's up to its <c>cache_size</c>, SQLite's default 2,000 KiB), prepared
/// statements, schemas. A part of the native memory the managed heap does not account for; read by
/// <c>/diagnostics/memory</c> and the <c>consult.sqlite.memory</c> gauge.
/// </summary>
public static class SqliteMemory
{
    /// <summary>Bytes SQLite has allocated and not yet freed (<c>sqlite3_memory_used</c>).</summary>
    public static long Used()
    {
        EnsureLoaded();
        return raw.sqlite3_memory_used();
    }

    /// <summary>The most SQLite has held at once since the process started (<c>sqlite3_memory_highwater</c>, not reset).</summary>
    public static long Highwater()
    {
        EnsureLoaded();
        return raw.sqlite3_memory_highwater(0);
    }

    /// <summary>
    /// Loads SQLite as Microsoft.Data.Sqlite does, once per process (its connection type's static
    /// constructor), for a process that has opened no connection yet (the load tool's bare hubs); a
    /// no-op after that, where calling the bundle's <c>Init</c> again would set the provider anew on every read.
    /// </summary>
    private static void EnsureLoaded() => RuntimeHelpers.RunClassConstructor(typeof(SqliteConnection).TypeHandle);
}
