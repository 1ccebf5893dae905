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
        Batteries_V2.Init();
        return raw.sqlite3_memory_used();
    }

    /// <summary>The most SQLite has held at once since the process started (<c>sqlite3_memory_highwater</c>, not reset).</summary>
    public static long Highwater()
    {
        Batteries_V2.Init();
        return raw.sqlite3_memory_highwater(0);
    }
}
