namespace Consult.Load.Measurement;

/// <summary>
/// Where in a measured window its slowest decisions were due (<see cref="DecisionLedger.Tail"/>): how many were
/// slower than <see cref="ThresholdMs"/>, in how many distinct seconds of the window, and the share of them due in
/// its worst second (<see cref="WorstSecond"/>, counted from the window's start) and in its worst three; with
/// <see cref="Beside"/>, what the server and this tool did in that second and at most in any second of the window.
/// </summary>
public sealed record TailShape(double ThresholdMs, int Count, int Seconds, double WorstSecondShare, long WorstSecond)
{
    public double TopThreeShare { get; init; } = double.NaN;

    /// <summary>The window's decisions taken apart at the server's stamp on the event, slow ones beside all.</summary>
    public DecisionLegs? Legs { get; init; }

    /// <summary>How often the decisions, all and slow, were in flight while the server or this tool stood paused.</summary>
    public PauseOverlap? Pauses { get; init; }

    /// <summary>The worst second and the one after it (a stall late in a second delays decisions due before it).</summary>
    public WindowTimeline.Second? AtWorst { get; init; }

    /// <summary>The most the server, and this tool, stood paused for collections in any one second of the window.</summary>
    public (double Server, double Tool) MostPausedMs { get; init; }

    /// <summary>The server's processor time in its busiest second of the window, and over the window per second.</summary>
    public (double Busiest, double Mean) ServerCpuMs { get; init; }

    /// <summary>The most processor time the hypervisor took from this machine in any one second of the window.</summary>
    public double MostStolenMs { get; init; }

    public TailShape Beside(IReadOnlyList<WindowTimeline.Second> seconds)
    {
        if (seconds.Count == 0)
            return this;
        var worst = seconds.Skip((int)Math.Max(0, WorstSecond)).Take(2).ToList();
        return this with
        {
            AtWorst = worst.Count == 0 ? null : worst.Aggregate(WindowTimeline.Second.None, (sum, s) => sum.Plus(s)),
            MostStolenMs = seconds.Max(s => s.StolenMs),
            MostPausedMs = (seconds.Max(s => s.ServerPausedMs), seconds.Max(s => s.ToolPausedMs)),
            ServerCpuMs = (seconds.Max(s => s.ServerCpuMs), seconds.Average(s => s.ServerCpuMs)),
        };
    }
}
