using System.Diagnostics;
using Consult.Load.Baselines;

namespace Consult.Load.Measurement;

/// <summary>
/// Second by second through a measured window: the server's and this tool's collection pauses and processor time, and
/// the server's second-generation collections, sampled every 100 ms (the server's
/// <c>/diagnostics/memory?collect=false</c>, this process's own counters). Beside <see cref="TailShape"/> it tells
/// whether the second the slowest decisions were due in is one in which either process stood paused or ran short of a core.
/// </summary>
public sealed class WindowTimeline : IAsyncDisposable
{
    private readonly List<Second> _seconds = [];
    private readonly List<Slot> _slots = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private bool _stopped;

    /// <summary>
    /// One second of the window (or several added up): milliseconds paused and of processor time, full collections begun,
    /// processor time the hypervisor gave to others while this machine wanted it (<c>/proc/stat</c>'s steal, all cores,
    /// 10 ms steps) and processor time nothing of this machine used (idle and waiting for the disk, all cores).
    /// </summary>
    public sealed record Second(double ServerPausedMs, double ServerCpuMs, int ServerGen2, double ToolPausedMs, double ToolCpuMs, double StolenMs, double IdleMs)
    {
        public static readonly Second None = new(0, 0, 0, 0, 0, 0, 0);

        public Second Plus(Second other) => new(
            ServerPausedMs + other.ServerPausedMs, ServerCpuMs + other.ServerCpuMs, ServerGen2 + other.ServerGen2,
            ToolPausedMs + other.ToolPausedMs, ToolCpuMs + other.ToolCpuMs, StolenMs + other.StolenMs, IdleMs + other.IdleMs);
    }

    /// <summary>One sampling interval (Stopwatch timestamps of this process) and how long each process stood paused in it.</summary>
    public sealed record Slot(long From, long To, double ServerPausedMs, double ToolPausedMs);

    public WindowTimeline(ServerProcess server, long start)
    {
        _sampling = Sample(server, start, _stop.Token);
    }

    /// <summary>The window's seconds sampled so far (only after <see cref="DisposeAsync"/> are they complete).</summary>
    public IReadOnlyList<Second> Seconds
    {
        get
        {
            lock (_seconds)
                return [.. _seconds];
        }
    }

    /// <summary>The window's sampling intervals in order (complete after <see cref="DisposeAsync"/>).</summary>
    public IReadOnlyList<Slot> Slots
    {
        get
        {
            lock (_seconds)
                return [.. _slots];
        }
    }

    /// <summary>Stops the sampling (again: nothing).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        await _stop.CancelAsync();
        try
        {
            await _sampling;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task Sample(ServerProcess server, long start, CancellationToken stop)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var previous = await Read(server, client, stop);
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (await ticks.WaitForNextTickAsync(stop))
        {
            var now = await Read(server, client, stop);
            var second = (int)Stopwatch.GetElapsedTime(start, now.At).TotalSeconds;
            var sampled = new Second(
                now.Server.PauseMilliseconds - previous.Server.PauseMilliseconds,
                now.Server.CpuMilliseconds - previous.Server.CpuMilliseconds,
                now.Server.Gen2Collections - previous.Server.Gen2Collections,
                (now.ToolPaused - previous.ToolPaused).TotalMilliseconds,
                (now.ToolCpu - previous.ToolCpu).TotalMilliseconds,
                now.Machine.Stolen - previous.Machine.Stolen,
                now.Machine.Idle - previous.Machine.Idle);
            lock (_seconds)
            {
                while (_seconds.Count <= second)
                    _seconds.Add(Second.None);
                _seconds[second] = _seconds[second].Plus(sampled);
                _slots.Add(new Slot(previous.At, now.At, sampled.ServerPausedMs, sampled.ToolPausedMs));
            }

            previous = now;
        }
    }

    private static async Task<(long At, Consult.Server.Hosting.MemoryDiagnostics Server, TimeSpan ToolPaused, TimeSpan ToolCpu, (double Stolen, double Idle) Machine)> Read(
        ServerProcess server, HttpClient client, CancellationToken stop)
    {
        var memory = await server.HeapWithoutCollecting(client, stop, native: false);
        return (Stopwatch.GetTimestamp(), memory, GC.GetTotalPauseDuration(), Environment.CpuUsage.TotalTime, await MachineTimes(stop));
    }

    /// <summary>The machine's stolen and idle processor time so far, ms (<c>/proc/stat</c>'s first line; zero where there is none).</summary>
    private static async Task<(double Stolen, double Idle)> MachineTimes(CancellationToken stop)
    {
        if (!File.Exists("/proc/stat"))
            return (0, 0);
        using var reader = new StreamReader("/proc/stat");
        var fields = ((await reader.ReadLineAsync(stop)) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // cpu user nice system idle iowait irq softirq steal ..., in clock ticks of 10 ms.
        double Ticks(int i) => fields.Length > i && long.TryParse(fields[i], out var v) ? v * 10.0 : 0;
        return (Ticks(8), Ticks(4) + Ticks(5));
    }
}
