using System.Runtime.InteropServices;

namespace Consult.Server.Hosting;

/// <summary>
/// The C library's heap (glibc's <c>malloc</c>), which the runtime, SQLite and the other native
/// libraries allocate from: what is in use and what it keeps free in its arenas without handing it
/// back to the system. Read by <c>/diagnostics/memory</c> so that a soak can tell a native leak
/// (in use grows) from fragmentation (free grows). <see cref="Read"/> answers null where there is no
/// glibc (<c>mallinfo2</c>, glibc 2.33 and later).
/// </summary>
public static partial class NativeHeap
{
    /// <summary>Bytes handed out and not freed; bytes free inside the arenas; bytes in blocks of their own (mmap).</summary>
    public readonly record struct Figures(long InUseBytes, long FreeBytes, long MappedBytes);

    public static Figures? Read()
    {
        if (!OperatingSystem.IsLinux())
            return null;
        try
        {
            var info = Native.MallInfo2();
            // uordblks counts what is in use in the arenas, hblkhd what is in blocks mapped on their own (also in use).
            return new Figures((long)(info.Uordblks + info.Hblkhd), (long)info.Fordblks, (long)info.Hblkhd);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Hands what the C library's heap keeps free back to the system (<c>malloc_trim(0)</c>: the top of
    /// every arena, and the whole pages of free chunks inside them); true when it released any. False
    /// where there is no glibc.
    /// </summary>
    public static bool Trim()
    {
        if (!OperatingSystem.IsLinux())
            return false;
        try
        {
            return Native.MallocTrim(0) != 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2Result
    {
        public nuint Arena;
        public nuint Ordblks;
        public nuint Smblks;
        public nuint Hblks;
        public nuint Hblkhd;
        public nuint Usmblks;
        public nuint Fsmblks;
        public nuint Uordblks;
        public nuint Fordblks;
        public nuint Keepcost;
    }

    private static partial class Native
    {
        [LibraryImport("libc", EntryPoint = "mallinfo2")]
        internal static partial MallInfo2Result MallInfo2();

        [LibraryImport("libc", EntryPoint = "malloc_trim")]
        internal static partial int MallocTrim(nuint pad);
    }
}
