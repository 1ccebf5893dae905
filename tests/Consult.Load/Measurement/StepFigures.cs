namespace Consult.Load.Measurement;

/// <summary>The figures of one measured window at one rate.</summary>
public sealed record StepFigures(
    int Rate, double Seconds, double P50, double P90, double P99, double P999, double Max, int Sent, int Completed, int Errors,
    long MissingAtDrain, double DecisionsPerSecond, double DeliveriesPerSecond, double CpuSecondsPer1000, long Gaps, long Duplicates)
{
    /// <summary>The server's allocations and collections in the window (read from <c>/diagnostics/memory?collect=false</c>).</summary>
    public WindowGc? Gc { get; init; }

    /// <summary>A Consult server's own timing of the window (its <c>/metrics</c> histograms, read before and after it).</summary>
    public ServerTiming? Timing { get; init; }

    /// <summary>This load tool's own processor time per 1,000 decisions in the window: the hub clients share the cores with the server.</summary>
    public double ClientCpuSecondsPer1000 { get; init; } = double.NaN;

    /// <summary>This load tool's own garbage collections in the window and the time they paused it: a pause delays every delivery it receives then.</summary>
    public (int Collections, double PausedMs) ClientGc { get; init; }

    /// <summary>When in the window the decisions slower than its p99 were due: a few stalls or a spread.</summary>
    public TailShape? Tail { get; init; }

    /// <summary>S3: p99 within the limit, nothing refused, everything delivered within the drain.</summary>
    public bool Passed => Errors == 0 && MissingAtDrain == 0 && P99 <= LoadSettings.SaturationP99Ms;
}
