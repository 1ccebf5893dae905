namespace Consult.Load.Measurement;

/// <summary>The figures of one baseline in one repetition. Latencies in milliseconds, memory in bytes.</summary>
public sealed record RunResult(
    Baseline Baseline,
    int Repetition,
    int Connections,
    int Rooms,
    double P50,
    double P90,
    double P99,
    double P999,
    double Max,
    int Sent,
    int Completed,
    int Errors,
    long MissingDeliveries,
    long SeqGaps,
    long Duplicates,
    int Reconnects,
    double DecisionsPerSecond,
    double DeliveriesPerSecond,
    long RssReady,
    long RssConnected,
    long RssEnd,
    long HeapReady,
    long HeapConnected,
    double CpuSecondsPer1000,
    TimeSpan SetupTime,
    TimeSpan ConnectTime,
    IReadOnlyList<string> FirstErrors)
{
    /// <summary>S3 only: every step of the saturation search, in the order run.</summary>
    public IReadOnlyList<StepFigures> Steps { get; init; } = [];

    /// <summary>S3 only: the highest rate whose step passed (p99 ≤ 250 ms, nothing refused or undelivered at the drain); 0 if none did.</summary>
    public int? SaturationRate { get; init; }

    /// <summary>Managed heap after a forced full GC once the last decision was delivered (0 with <c>--heap off</c>).</summary>
    public long HeapEnd { get; init; }

    /// <summary><c>--boards N</c> only: the hub clients without and with the boards open, the boards' updates, the heap per circuit.</summary>
    public BoardRunFigures? Boards { get; init; }

    /// <summary>The server's allocations and collections in the measured window (S1, S2: the one window).</summary>
    public WindowGc? Gc { get; init; }

    /// <summary>A Consult server's own timing of the window's decisions (its <c>/metrics</c> histograms); null for a bare hub.</summary>
    public ServerTiming? Timing { get; init; }

    /// <summary>The load tool's own processor time per 1,000 decisions in the measured window (the hub clients, on the same cores as the server).</summary>
    public double ClientCpuSecondsPer1000 { get; init; } = double.NaN;

    /// <summary>When in the measured window the decisions slower than its p99 were due (S1, S2: the one window).</summary>
    public TailShape? Tail { get; init; }

    /// <summary>This load tool's own garbage collections in the measured window and the time they paused it.</summary>
    public (int Collections, double PausedMs) ClientGc { get; init; }

    /// <summary>Decisions sent in this run, warm-up and every step included.</summary>
    public int DecisionsTotal { get; init; }

    /// <summary>
    /// Managed heap still held after the run, per decision sent (heap after the run minus heap once
    /// connected, both after a forced full GC): what the server keeps per decision while its rooms stay active.
    /// </summary>
    public double HeapRetainedPerDecision => HeapEnd == 0 || HeapConnected == 0 || DecisionsTotal == 0 ? double.NaN : (HeapEnd - HeapConnected) / (double)DecisionsTotal;

    /// <summary>RSS growth from connecting and joining, per connection.</summary>
    public double RssPerConnection => Connections == 0 ? double.NaN : (RssConnected - RssReady) / (double)Connections;

    /// <summary>Managed heap growth (after a forced full GC, read from the server) from connecting and joining, per connection.</summary>
    public double HeapPerConnection => Connections == 0 || HeapReady == 0 ? double.NaN : (HeapConnected - HeapReady) / (double)Connections;
}
