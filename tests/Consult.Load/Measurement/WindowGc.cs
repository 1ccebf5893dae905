namespace Consult.Load.Measurement;

/// <summary>
/// What the server's garbage collector did in a measured window: bytes allocated per decision,
/// first- and second-generation collections per 1,000 decisions, and the share of the window the
/// server stood paused for them. Read from the server's own counters before and after the window.
/// </summary>
public sealed record WindowGc(double AllocatedKbPerDecision, double Gen0Per1000, double Gen1Per1000, double PausePercent)
{
    public static WindowGc Between(Consult.Server.Hosting.MemoryDiagnostics before, Consult.Server.Hosting.MemoryDiagnostics after, int decisions, double seconds) => new(
        (after.TotalAllocatedBytes - before.TotalAllocatedBytes) / 1024.0 / decisions,
        (after.Gen0Collections - before.Gen0Collections) * 1000.0 / decisions,
        (after.Gen1Collections - before.Gen1Collections) * 1000.0 / decisions,
        seconds <= 0 ? double.NaN : (after.PauseMilliseconds - before.PauseMilliseconds) / 10.0 / seconds);
}
