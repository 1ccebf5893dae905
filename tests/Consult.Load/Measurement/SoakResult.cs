namespace Consult.Load.Measurement;

/// <summary>What an S7 run measured: every sample, every window, and the delivery check over every room it opened.</summary>
public sealed record SoakResult(
    Baseline Baseline,
    IReadOnlyList<SoakSample> Samples,
    IReadOnlyList<SoakWindow> Windows,
    TimeSpan WarmUp,
    TimeSpan SetupTime,
    int RoomsAtStart,
    int Decisions,
    int DecisionsFailed,
    long MissingDeliveries,
    int Chats,
    int ChatsFailed,
    int Leaves,
    int Rejoins,
    int RoomsClosed,
    int RoomsOpened,
    int TurnoverFailures,
    int TurnoversSkipped,
    int MembersChecked,
    long EventsChecked,
    long EventsNotReceived,
    long Gaps,
    long Duplicates,
    int Reconnects,
    double P50,
    double P99,
    double Max,
    long HeapForcedStart,
    long HeapForcedEnd,
    IReadOnlyList<string> FirstErrors)
{
    /// <summary>Why the clients' connections were lost (what SignalR's <c>Reconnecting</c> was given), and how often.</summary>
    public IReadOnlyDictionary<string, int> ReconnectReasons { get; init; } = new Dictionary<string, int>();

    /// <summary>Decisions and chat messages sent again (same idempotency key) because the connection was lost during the call.</summary>
    public int CallsRetried { get; init; }

    /// <summary>Decisions whose event a stable member applied more than once (each member applies a seq once): recorded twice.</summary>
    public int DecisionsRecordedTwice { get; init; }

    /// <summary>Nothing lost, repeated or refused.</summary>
    public bool Clean => DecisionsFailed == 0 && ChatsFailed == 0 && TurnoverFailures == 0 && MissingDeliveries == 0 && EventsNotReceived == 0 && Gaps == 0 && Duplicates == 0 && DecisionsRecordedTwice == 0;

    public double HeapSlope => SoakSample.SlopeKbPerMinute(Samples, WarmUp, s => s.HeapBytes);

    /// <summary>Full (second-generation) collections the server ran after the warm-up.</summary>
    public int FullCollectionsAfterWarmUp =>
        Samples.FirstOrDefault(s => s.ElapsedSeconds >= WarmUp.TotalSeconds) is { } first ? Samples[^1].Gen2Collections - first.Gen2Collections : 0;

    /// <summary>The slope of what each full collection left; NaN unless at least three ran after the warm-up (the figure only moves when one runs).</summary>
    public double HeapAfterFullCollectionSlope =>
        FullCollectionsAfterWarmUp < 3 ? double.NaN : SoakSample.SlopeKbPerMinute(Samples, WarmUp, s => s.HeapAfterFullCollectionBytes);

    public double RssSlope => SoakSample.SlopeKbPerMinute(Samples, WarmUp, s => s.RssBytes);

    /// <summary>The slope of what the garbage collector had committed: the managed heap's share of the RSS, free space included.</summary>
    public double CommittedSlope => SoakSample.SlopeKbPerMinute(Samples, WarmUp, s => s.CommittedBytes);

    /// <summary>The slope of the anonymous RSS the managed heap does not account for (native memory).</summary>
    public double NativeSlope => SoakSample.SlopeKbPerMinute(Samples, WarmUp, s => s.NativeBytes);

    /// <summary>The slope of what SQLite held (a part of the native memory).</summary>
    public double SqliteSlope => SoakSample.SlopeKbPerMinute(Samples, WarmUp, s => s.SqliteBytes);

    /// <summary>The slopes of the C library's heap in use and of what it keeps free.</summary>
    public (double InUse, double Free) MallocSlopes =>
        (SoakSample.SlopeKbPerMinute(Samples, WarmUp, s => s.MallocInUseBytes), SoakSample.SlopeKbPerMinute(Samples, WarmUp, s => s.MallocFreeBytes));

    /// <summary>The slope of the native memory that is not SQLite's.</summary>
    public double NativeOtherSlope => SoakSample.SlopeKbPerMinute(Samples, WarmUp, s => s.NativeOtherBytes);

    /// <summary>The slope of the file-backed RSS (mapped code and files).</summary>
    public double RssFileSlope => SoakSample.SlopeKbPerMinute(Samples, WarmUp, s => s.RssFileBytes);

    /// <summary>Sampling intervals in which a full blocking collection ran, and the longest such pause (ms).</summary>
    public (int Intervals, double LongestMs) FullBlockingPauses =>
        (Samples.Count(s => s.FullBlockingPauseMs > 0), Samples.Select(s => s.FullBlockingPauseMs).DefaultIfEmpty(0).Max());

    /// <summary>p99 of the last window over the first's.</summary>
    public double P99LastOverFirst => Windows.Count < 2 ? double.NaN : Windows[^1].P99 / Windows[0].P99;
}
