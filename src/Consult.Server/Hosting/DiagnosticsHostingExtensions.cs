using System.Net;
using Orleans.Runtime;

namespace Consult.Server.Hosting;

/// <summary>
/// <c>Consult:Diagnostics:Enabled</c> (off by default): <c>GET /diagnostics/memory</c> forces a full,
/// blocking garbage collection and answers the managed heap left (<see cref="GC.GetTotalMemory(bool)"/>)
/// and the collection counts. For the load benchmark's memory figures only: it answers callers on the
/// loopback interface alone (404 to anyone else), asks for no sign-in, and a forced GC pauses the server.
/// <c>GET /diagnostics/memory?collect=false</c> collects nothing: it answers the heap as the runtime's last
/// collection left it (<see cref="GC.GetGCMemoryInfo()"/>) and as its last full (second-generation) one
/// left it, cheap enough to read every few seconds under load (the soak, S7).
/// With the same setting, <c>POST /diagnostics/deactivate</c> deactivates every idle grain activation
/// (Orleans' <see cref="IManagementGrain.ForceActivationCollection(TimeSpan)"/>) and answers the
/// activation counts before and after (load benchmark S5: memory per idle grain).
/// </summary>
public static class DiagnosticsHostingExtensions
{
    public const string MemoryPath = "/diagnostics/memory";
    public const string DeactivatePath = "/diagnostics/deactivate";

    public static WebApplication MapConsultDiagnostics(this WebApplication app)
    {
        if (!app.Configuration.GetValue($"{ConsultOptions.Section}:Diagnostics:Enabled", false))
            return app;
        app.MapMemoryDiagnostics();
        app.MapPost(DeactivatePath, async (HttpContext context, IGrainFactory grains) =>
        {
            if (!IsLoopback(context))
                return Results.NotFound();
            var management = grains.GetGrain<IManagementGrain>(0);
            var before = await management.GetTotalActivationCount();
            await management.ForceActivationCollection(TimeSpan.Zero);
            var after = await management.GetTotalActivationCount();
            return Results.Ok(new DeactivationDiagnostics(before, after));
        }).AllowAnonymous();
        return app;
    }

    private static bool IsLoopback(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);

    /// <summary>Maps the endpoint unconditionally: Consult through the setting above, the load tool's bare hubs always.</summary>
    public static IEndpointConventionBuilder MapMemoryDiagnostics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(MemoryPath, (HttpContext context, bool? collect, bool? native) =>
        {
            if (!IsLoopback(context))
                return Results.NotFound();
            var forced = collect ?? true;
            var heap = forced ? GC.GetTotalMemory(forceFullCollection: true) : InUse(GC.GetGCMemoryInfo());
            var blocking = GC.GetGCMemoryInfo(GCKind.FullBlocking);
            // ?native=false skips the C library's figures: mallinfo2 walks every arena's free lists under its lock,
            // about a millisecond on a busy node, too much for a caller that samples ten times a second.
            var malloc = (native ?? true) ? NativeHeap.Read() : null;
            return Results.Ok(new MemoryDiagnostics(heap, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes())
            {
                Collected = forced,
                PauseMilliseconds = GC.GetTotalPauseDuration().TotalMilliseconds,
                HeapAfterFullCollectionBytes = LastFullCollection() is { Index: > 0 } full ? InUse(full) : 0,
                CpuMilliseconds = Environment.CpuUsage.TotalTime.TotalMilliseconds,
                CommittedBytes = GC.GetGCMemoryInfo().TotalCommittedBytes,
                LastFullBlockingIndex = blocking.Index,
                LastFullBlockingPauseMilliseconds = blocking.Index > 0 ? Total(blocking.PauseDurations) : 0,
                SqliteBytes = Consult.Storage.SqliteMemory.Used(),
                SqliteHighwaterBytes = Consult.Storage.SqliteMemory.Highwater(),
                MallocInUseBytes = malloc?.InUseBytes ?? 0,
                MallocFreeBytes = malloc?.FreeBytes ?? 0,
            });
        }).AllowAnonymous();

    private static double Total(ReadOnlySpan<TimeSpan> pauses)
    {
        var total = 0.0;
        foreach (var pause in pauses)
            total += pause.TotalMilliseconds;
        return total;
    }

    /// <summary>What a collection left in use: the heap's size then, less its free (fragmented) space.</summary>
    private static long InUse(GCMemoryInfo info) => info.HeapSizeBytes - info.FragmentedBytes;

    /// <summary>The newer of the last blocking and the last background second-generation collection (index 0: none yet).</summary>
    private static GCMemoryInfo LastFullCollection()
    {
        var blocking = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        var background = GC.GetGCMemoryInfo(GCKind.Background);
        return background.Index > blocking.Index ? background : blocking;
    }
}

/// <summary>
/// The answer of <see cref="DiagnosticsHostingExtensions.MemoryPath"/>: bytes and collection counts.
/// <see cref="HeapBytes"/> is the heap after the forced collection when <see cref="Collected"/>, otherwise
/// what the runtime's last collection (of any generation) left in use.
/// </summary>
public sealed record MemoryDiagnostics(long HeapBytes, int Gen0Collections, int Gen1Collections, int Gen2Collections, long TotalAllocatedBytes)
{
    /// <summary>Whether this answer forced a full, blocking collection (the default; <c>?collect=false</c> does not).</summary>
    public bool Collected { get; init; }

    /// <summary>The time the process has been paused for collections since it started (<see cref="GC.GetTotalPauseDuration"/>).</summary>
    public double PauseMilliseconds { get; init; }

    /// <summary>What the last full (second-generation) collection, blocking or background, left in use; 0 before the first.</summary>
    public long HeapAfterFullCollectionBytes { get; init; }

    /// <summary>The process's processor time so far, user and kernel, all threads (<see cref="Environment.CpuUsage"/>).</summary>
    public double CpuMilliseconds { get; init; }

    /// <summary>
    /// The memory the garbage collector has committed, as of its last collection
    /// (<see cref="GCMemoryInfo.TotalCommittedBytes"/>): what the managed heap holds of the process's
    /// RSS, free space included; the rest of the RSS is native (the runtime, SQLite, sockets, code).
    /// </summary>
    public long CommittedBytes { get; init; }

    /// <summary>The index of the last full blocking collection (0: none yet); it changes when one ran.</summary>
    public long LastFullBlockingIndex { get; init; }

    /// <summary>How long the last full blocking collection paused the process (0: none yet).</summary>
    public double LastFullBlockingPauseMilliseconds { get; init; }

    /// <summary>What SQLite holds of the native memory now, all connections (<see cref="Consult.Storage.SqliteMemory.Used"/>; 0 in a process that opened none).</summary>
    public long SqliteBytes { get; init; }

    /// <summary>The most SQLite has held at once since the process started.</summary>
    public long SqliteHighwaterBytes { get; init; }

    /// <summary>The C library's heap in use, all native allocators together, SQLite's included (<see cref="NativeHeap"/>; 0: not known here).</summary>
    public long MallocInUseBytes { get; init; }

    /// <summary>What the C library's heap keeps free in its arenas (fragmentation, not returned to the system).</summary>
    public long MallocFreeBytes { get; init; }
}

/// <summary>The answer of <see cref="DiagnosticsHostingExtensions.DeactivatePath"/>: grain activations in this silo before and after.</summary>
public sealed record DeactivationDiagnostics(int ActivationsBefore, int ActivationsAfter);
