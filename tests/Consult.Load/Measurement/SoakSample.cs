using System.Globalization;
using HdrHistogram;

namespace Consult.Load.Measurement;

/// <summary>
/// One S7 sampling interval: what was sent in it, the latency of the decisions that reached their
/// room's last stable member in it, and the server's memory and files at its end. Latencies in ms, sizes in bytes.
/// </summary>
public sealed record SoakSample(
    double ElapsedSeconds, int Rooms, int Connections,
    int Decisions, int DecisionsTimed, int Chats, int Leaves, int Rejoins, int RoomsClosed, int RoomsOpened, int Errors,
    double P50, double P90, double P99, double Max,
    long HeapBytes, long HeapAfterFullCollectionBytes, int Gen0Collections, int Gen1Collections, int Gen2Collections,
    long RssBytes, double CpuPercent, long DatabaseBytes, long WalBytes, long DataFolderBytes)
{
    /// <summary>The RSS's anonymous part (RssAnon): the managed heap's committed memory and everything native.</summary>
    public long RssAnonBytes { get; init; }

    /// <summary>The RSS's file-backed part (RssFile): mapped code and files.</summary>
    public long RssFileBytes { get; init; }

    /// <summary>What the garbage collector had committed at its last collection (free space included).</summary>
    public long CommittedBytes { get; init; }

    /// <summary>The anonymous memory the managed heap does not account for: native allocations, stacks, the runtime's own.</summary>
    public long NativeBytes => RssAnonBytes > 0 && CommittedBytes > 0 ? RssAnonBytes - CommittedBytes : 0;

    /// <summary>What SQLite held of the native memory (its page caches, statements, schemas), as the server reports it.</summary>
    public long SqliteBytes { get; init; }

    /// <summary>The C library's heap in use (malloc: the runtime's, SQLite's, every native library's), as the server reports it.</summary>
    public long MallocInUseBytes { get; init; }

    /// <summary>What the C library's heap keeps free in its arenas: fragmentation, not returned to the system.</summary>
    public long MallocFreeBytes { get; init; }

    /// <summary>The native memory that is not SQLite's: the runtime's own, code, stacks, other libraries (0 when either part is unknown).</summary>
    public long NativeOtherBytes => NativeBytes > 0 && SqliteBytes > 0 ? NativeBytes - SqliteBytes : 0;

    /// <summary>How long collections paused the server in the interval, in ms.</summary>
    public double PausedMs { get; init; }

    /// <summary>The pause of a full blocking collection that ran in the interval (the last one, if several), in ms; 0 if none ran.</summary>
    public double FullBlockingPauseMs { get; init; }

    public const string CsvHeader =
        "elapsed_s,rooms,connections,decisions,decisions_timed,chats,leaves,rejoins,rooms_closed,rooms_opened,errors," +
        "p50_ms,p90_ms,p99_ms,max_ms,heap_bytes,heap_after_full_gc_bytes,gen0,gen1,gen2,rss_bytes,server_cpu_percent,db_bytes,wal_bytes,data_folder_bytes," +
        "rss_anon_bytes,rss_file_bytes,gc_committed_bytes,native_bytes,gc_paused_ms,full_blocking_pause_ms,sqlite_bytes,malloc_in_use_bytes,malloc_free_bytes";

    public string ToCsv()
    {
        var c = CultureInfo.InvariantCulture;
        return string.Join(',',
            ElapsedSeconds.ToString("F1", c), Rooms.ToString(c), Connections.ToString(c),
            Decisions.ToString(c), DecisionsTimed.ToString(c), Chats.ToString(c), Leaves.ToString(c), Rejoins.ToString(c),
            RoomsClosed.ToString(c), RoomsOpened.ToString(c), Errors.ToString(c),
            Ms(P50), Ms(P90), Ms(P99), Ms(Max),
            HeapBytes.ToString(c), HeapAfterFullCollectionBytes.ToString(c), Gen0Collections.ToString(c), Gen1Collections.ToString(c), Gen2Collections.ToString(c),
            RssBytes.ToString(c), CpuPercent.ToString("F1", c), DatabaseBytes.ToString(c), WalBytes.ToString(c), DataFolderBytes.ToString(c),
            RssAnonBytes.ToString(c), RssFileBytes.ToString(c), CommittedBytes.ToString(c), NativeBytes.ToString(c),
            PausedMs.ToString("F1", c), FullBlockingPauseMs.ToString("F1", c), SqliteBytes.ToString(c),
            MallocInUseBytes.ToString(c), MallocFreeBytes.ToString(c));

        string Ms(double value) => double.IsNaN(value) ? "" : value.ToString("F2", c);
    }

    /// <summary>The latency percentiles of a histogram of microseconds, in milliseconds (NaN when empty).</summary>
    public static (double P50, double P90, double P99, double Max, long Count) Percentiles(LongHistogram micros)
    {
        if (micros.TotalCount == 0)
            return (double.NaN, double.NaN, double.NaN, double.NaN, 0);
        return (micros.GetValueAtPercentile(50) / 1000.0, micros.GetValueAtPercentile(90) / 1000.0,
            micros.GetValueAtPercentile(99) / 1000.0, micros.GetMaxValue() / 1000.0, micros.TotalCount);
    }

    /// <summary>
    /// Least-squares slope of <paramref name="value"/> against time, in KB per minute, over the samples
    /// taken after <paramref name="from"/>; NaN with fewer than three.
    /// </summary>
    public static double SlopeKbPerMinute(IReadOnlyList<SoakSample> samples, TimeSpan from, Func<SoakSample, long> value)
    {
        var points = samples.Where(s => s.ElapsedSeconds >= from.TotalSeconds && value(s) > 0)
            .Select(s => (X: s.ElapsedSeconds / 60, Y: value(s) / 1024.0)).ToList();
        if (points.Count < 3)
            return double.NaN;
        var meanX = points.Average(p => p.X);
        var meanY = points.Average(p => p.Y);
        var sxx = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        return sxx == 0 ? double.NaN : points.Sum(p => (p.X - meanX) * (p.Y - meanY)) / sxx;
    }
}

/// <summary>A report window (10 minutes, or a tenth of a shorter run): its decisions' latency, merged from its intervals.</summary>
public sealed record SoakWindow(int Index, double FromMinutes, double ToMinutes, long Decisions, double P50, double P99, double Max);
