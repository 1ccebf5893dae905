using System.Globalization;

namespace Consult.Load;

/// <summary>
/// A server process's runtime settings: its garbage collector, set through the runtime's environment variables
/// (<c>DOTNET_gcServer</c>, <c>DOTNET_GCgen0size</c>: the first generation's budget has no
/// runtimeconfig.json setting, only the variable), its thread pool's spin limit and the processors it runs on.
/// </summary>
public sealed record ServerGc(bool Server, int? Gen0Megabytes)
{
    /// <summary>
    /// What the image sets for the first generation's budget (<c>DOTNET_GCgen0size</c>, 4 MB): shorter, more frequent young
    /// collections. With the runtime's own (about 13 MB here) each one stopped Consult's server for about 13 ms, and the
    /// decisions in flight then made most of its p99 (2026-12-04, docs/benchmarks.md).
    /// </summary>
    public const int ShippedGen0Megabytes = 4;

    /// <summary>
    /// The thread pool's spin-wait limit of every server process (<c>DOTNET_ThreadPool_UnfairSemaphoreSpinLimit</c>,
    /// which overrides a runtimeconfig.json value); null: each process's own setting.
    /// </summary>
    public int? SpinLimit { get; init; }

    /// <summary>
    /// The processors every server process runs on (<c>taskset -c</c>, so the runtime sizes its thread pool
    /// and collector to them); null: every processor. With this tool run under <c>taskset -c</c> on the
    /// others, the load client and the server no longer take each other's cores.
    /// </summary>
    public string? Cpus { get; init; }

    /// <summary>
    /// The C library's arena limit of every server process (<c>MALLOC_ARENA_MAX</c>); null: Consult's servers
    /// <see cref="ShippedMallocArenas"/>, as <c>deploy/Dockerfile</c> runs them, the bare hubs the C library's own
    /// (8 per processor); 0: the C library's own for every server.
    /// </summary>
    public int? MallocArenas { get; init; }

    /// <summary>What the image sets (<c>deploy/Dockerfile</c>): two arenas keep the native heap from fragmenting (S7, 2026-12-03).</summary>
    public const int ShippedMallocArenas = 2;

    /// <summary>
    /// The tiered JIT's call-counting delay of every server process in ms (<c>DOTNET_TC_CallCountingDelayMs</c>,
    /// an environment variable only); null: Consult's servers <see cref="ShippedTieringDelayMs"/>, as
    /// <c>deploy/Dockerfile</c> runs them, the bare hubs the runtime's own; negative: the runtime's own for every server.
    /// </summary>
    public int? TieringDelayMs { get; init; }

    /// <summary>
    /// What the image sets: no delay. The runtime's is 100 ms, ten times that on one processor, and it starts
    /// again whenever a method is compiled for the first time; on a busy single-processor node Consult's hot
    /// paths still ran unoptimised code 35-57 s after a start (2026-12-04, docs/benchmarks.md).
    /// </summary>
    public const int ShippedTieringDelayMs = 0;

    private const string TieringDelayVariable = "DOTNET_TC_CallCountingDelayMs";

    /// <summary>A <c>taskset -c</c> list ("1", "2-3", "0,2"), checked.</summary>
    public static string CpuList(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiDigit(c) || c is ',' or '-')
            ? value
            : throw new ArgumentException($"--server-cpus takes a processor list such as 1 or 2-3, not '{value}'.");

    /// <summary>The default: workstation GC; Consult's servers with the image's first-generation budget, the bare hubs the runtime's.</summary>
    public static readonly ServerGc Shipped = new(Server: false, Gen0Megabytes: null);

    public void Apply(IDictionary<string, string?> environment, bool consult)
    {
        if ((MallocArenas ?? (consult ? ShippedMallocArenas : 0)) is > 0 and var arenas)
            environment["MALLOC_ARENA_MAX"] = arenas.ToString(CultureInfo.InvariantCulture);
        else
            environment.Remove("MALLOC_ARENA_MAX");
        environment["DOTNET_gcServer"] = Server ? "1" : "0";
        if ((Gen0Megabytes ?? (consult ? ShippedGen0Megabytes : 0)) is > 0 and var gen0)
            environment["DOTNET_GCgen0size"] = "0x" + (gen0 * 1024L * 1024).ToString("X", CultureInfo.InvariantCulture);
        else
            environment.Remove("DOTNET_GCgen0size");
        if ((TieringDelayMs ?? (consult ? ShippedTieringDelayMs : -1)) is >= 0 and var delay)
            environment[TieringDelayVariable] = delay.ToString(CultureInfo.InvariantCulture);
        else
            environment.Remove(TieringDelayVariable);
        if (SpinLimit is { } spin)
            environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = spin.ToString(CultureInfo.InvariantCulture);
        else
            environment.Remove("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit");
    }

    public override string ToString() =>
        $"{(Server ? "server" : "workstation")} GC (`DOTNET_gcServer={(Server ? 1 : 0)}`), first generation {Gen0Megabytes switch
        {
            null => $"{ShippedGen0Megabytes} MB for Consult's servers as the image ships them (`DOTNET_GCgen0size`), as the runtime sizes it for the bare hubs",
            0 => "as the runtime sizes it",
            { } mb => $"{mb} MB (`DOTNET_GCgen0size`)",
        }}, " +
        (SpinLimit is { } spin ? $"thread-pool spin limit {spin} for every server (`DOTNET_ThreadPool_UnfairSemaphoreSpinLimit`)" : "each server's own thread-pool spin limit (Consult's runtimeconfig: 0; the bare hubs: the runtime's)") +
        (Cpus is { } cpus ? $", every server on processors {cpus} (`taskset -c {cpus}`), this tool seeing {Environment.ProcessorCount} processor(s)" : "") +
        (MallocArenas switch
        {
            null => $", Consult's servers with `MALLOC_ARENA_MAX={ShippedMallocArenas}` as the image ships them (the bare hubs the C library's own)",
            0 => ", every server with the C library's own arena limit",
            { } n => $", every server with `MALLOC_ARENA_MAX={n}`",
        }) +
        (TieringDelayMs switch
        {
            null => $", Consult's servers with `{TieringDelayVariable}={ShippedTieringDelayMs}` as the image ships them (the bare hubs the runtime's own)",
            < 0 => ", every server with the runtime's own tiering delay",
            { } n => $", every server with `{TieringDelayVariable}={n}`",
        });
}
