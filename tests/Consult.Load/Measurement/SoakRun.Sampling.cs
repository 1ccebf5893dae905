using System.Diagnostics;
using HdrHistogram;

namespace Consult.Load.Measurement;

/// <summary>
/// S7's sampler: every <see cref="SoakSettings.SampleEvery"/> the interval's decision latencies, the
/// server's heap as its last collections left it (no forced collection: a forced full GC every 30 s
/// would pause the server inside the measured windows and raise the very p99 the soak watches), its
/// RSS and CPU, and the sizes of the SQLite file, its WAL and the whole data folder.
/// </summary>
public sealed partial class SoakRun
{
    private static readonly long MaxMicros = TimeSpan.FromMinutes(10).Ticks / 10;
    private readonly Lock _latencyLock = new();
    private readonly LongHistogram _whole = new(MaxMicros, 3);
    private readonly List<(double EndSeconds, LongHistogram Micros)> _intervals = [];
    private LongHistogram _interval = new(MaxMicros, 3);

    private void RecordLatency(long micros)
    {
        lock (_latencyLock)
        {
            _interval.RecordValue(Math.Min(micros, MaxMicros));
            _whole.RecordValue(Math.Min(micros, MaxMicros));
        }
    }

    private async Task<List<SoakSample>> Sample(long start, CancellationToken cancellation)
    {
        var samples = new List<SoakSample>();
        using var diagnostics = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        int decisions = 0, chats = 0, leaves = 0, rejoins = 0, closed = 0, opened = 0, errors = 0;
        var cpu = _server.CpuTime();
        var last = start;
        var initial = await Heap(diagnostics, cancellation);
        var (pausedBefore, blockingBefore) = initial is null ? (double.NaN, -1L) : (initial.PauseMilliseconds, initial.LastFullBlockingIndex);
        for (var k = 1; ; k++)
        {
            var due = start + (long)(k * soak.SampleEvery.TotalSeconds * Stopwatch.Frequency);
            var end = start + (long)(settings.Duration.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), Math.Min(due, end));
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, cancellation);

            var now = Stopwatch.GetTimestamp();
            LongHistogram interval;
            lock (_latencyLock)
            {
                interval = _interval;
                _interval = new LongHistogram(MaxMicros, 3);
            }

            var elapsed = Stopwatch.GetElapsedTime(start, now).TotalSeconds;
            _intervals.Add((elapsed, interval));
            var (p50, p90, p99, max, timed) = SoakSample.Percentiles(interval);
            var cpuNow = _server.CpuTime();
            var wall = Stopwatch.GetElapsedTime(last, now).TotalSeconds;
            var heap = await Heap(diagnostics, cancellation);
            var pool = Pool();
            var (anonymous, fileBacked) = _server.RssParts();
            var paused = heap is null || double.IsNaN(pausedBefore) ? 0 : heap.PauseMilliseconds - pausedBefore;
            var blockingPause = heap is not null && blockingBefore >= 0 && heap.LastFullBlockingIndex != blockingBefore ? heap.LastFullBlockingPauseMilliseconds : 0;
            if (heap is not null)
                (pausedBefore, blockingBefore) = (heap.PauseMilliseconds, heap.LastFullBlockingIndex);
            samples.Add(new SoakSample(
                elapsed, pool.Count, pool.Count * settings.Participants,
                Delta(ref decisions, _decisions), (int)timed, Delta(ref chats, _chats), Delta(ref leaves, _leaves), Delta(ref rejoins, _rejoins),
                Delta(ref closed, _closed), Delta(ref opened, _opened), Delta(ref errors, _errorCount),
                p50, p90, p99, max,
                heap?.HeapBytes ?? 0, heap?.HeapAfterFullCollectionBytes ?? 0, heap?.Gen0Collections ?? 0, heap?.Gen1Collections ?? 0, heap?.Gen2Collections ?? 0,
                _server.Rss(), (cpuNow - cpu).TotalSeconds / wall * 100, FileSize("consult.db"), FileSize("consult.db-wal"), FolderSize())
            {
                RssAnonBytes = anonymous,
                RssFileBytes = fileBacked,
                CommittedBytes = heap?.CommittedBytes ?? 0,
                SqliteBytes = heap?.SqliteBytes ?? 0,
                MallocInUseBytes = heap?.MallocInUseBytes ?? 0,
                MallocFreeBytes = heap?.MallocFreeBytes ?? 0,
                PausedMs = paused,
                FullBlockingPauseMs = blockingPause,
            });
            cpu = cpuNow;
            last = now;
            var s = samples[^1];
            log.WriteLine($"[{baseline} S7] {elapsed,6:F0} s: {s.Rooms} rooms, {s.Decisions} decisions p99 {s.P99:F1} ms, {s.Chats} chats, {s.Leaves} leaves, " +
                $"{s.RoomsClosed} closed, heap {s.HeapBytes / 1048576.0:F0} MB (after full GC {s.HeapAfterFullCollectionBytes / 1048576.0:F0}), RSS {s.RssBytes / 1048576.0:F0} MB (native {s.NativeBytes / 1048576.0:F0}, of it SQLite {s.SqliteBytes / 1048576.0:F1}; malloc in use {s.MallocInUseBytes / 1048576.0:F1}, free {s.MallocFreeBytes / 1048576.0:F1}), " +
                $"db {s.DatabaseBytes / 1048576.0:F1} MB, WAL {s.WalBytes / 1048576.0:F1} MB, CPU {s.CpuPercent:F0}%, errors {s.Errors}");
            if (due >= end)
                return samples;
        }

        static int Delta(ref int seen, int now)
        {
            var delta = now - seen;
            seen = now;
            return delta;
        }
    }

    private async Task<Consult.Server.Hosting.MemoryDiagnostics?> Heap(HttpClient client, CancellationToken cancellation)
    {
        try
        {
            return await _server.HeapWithoutCollecting(client, cancellation);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Error("heap sample", e);
            return null;
        }
    }

    private long FileSize(string name) =>
        _server.DataFolder is { } folder && new FileInfo(Path.Combine(folder, name)) is { Exists: true } file ? file.Length : 0;

    private long FolderSize()
    {
        if (_server.DataFolder is not { } folder || !Directory.Exists(folder))
            return 0;
        long total = 0;
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            try
            {
                total += file.Length;
            }
            catch (IOException)
            {
                // Gone between listing and reading (a journal or a temporary file): nothing to count.
            }
        }

        return total;
    }

    /// <summary>The run cut into <see cref="SoakSettings.Window"/>s (never narrower than a sample); each interval counts in the window its middle falls in.</summary>
    private List<SoakWindow> Windows()
    {
        var width = Math.Max(SoakSettings.Window(settings.Duration).TotalSeconds, soak.SampleEvery.TotalSeconds);
        var count = Math.Max(1, (int)Math.Ceiling(settings.Duration.TotalSeconds / width - 1e-9));
        var merged = Enumerable.Range(0, count).Select(_ => new LongHistogram(MaxMicros, 3)).ToArray();
        var from = 0.0;
        foreach (var (end, micros) in _intervals)
        {
            merged[Math.Clamp((int)((from + end) / 2 / width), 0, count - 1)].Add(micros);
            from = end;
        }

        return [.. merged.Select((h, i) =>
        {
            var (p50, _, p99, max, n) = SoakSample.Percentiles(h);
            return new SoakWindow(i + 1, i * width / 60, Math.Min((i + 1) * width, settings.Duration.TotalSeconds) / 60, n, p50, p99, max);
        })];
    }
}
