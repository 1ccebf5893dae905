namespace Consult.Server.Hosting;

/// <summary>
/// Every <c>Consult:NativeHeap:TrimSeconds</c> (60; 0: never) hands what the C library's heap keeps
/// free back to the system (<see cref="NativeHeap.Trim"/>). The runtime, SQLite and the sockets
/// allocate and free native memory on many threads; glibc keeps what they free in its arenas,
/// and in a 20-minute soak that kept memory grew by about 1.2 MB a minute with the memory in use
/// flat (docs/benchmarks.md, "The soak's native memory taken apart"). A trim takes
/// the arenas' locks for a moment; nothing is lost if one is skipped, so a plain timer will do.
/// </summary>
public sealed partial class NativeHeapTrimmer(IConfiguration configuration, TimeProvider time, ILogger<NativeHeapTrimmer> logger) : BackgroundService
{
    public const string Setting = ConsultOptions.Section + ":NativeHeap:TrimSeconds";

    private readonly TimeSpan _period = Period(configuration);
    private PeriodicTimer? _timer;
    private int _trims;

    /// <summary>Trims done since the start.</summary>
    public int Trims => Volatile.Read(ref _trims);

    /// <summary>The timer starts with the host (the loop itself runs on the thread pool and may start later).</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (_period > TimeSpan.Zero && OperatingSystem.IsLinux())
            _timer = new PeriodicTimer(_period, time);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_timer is null)
            return;
        try
        {
            while (await _timer.WaitForNextTickAsync(stoppingToken))
            {
                var released = NativeHeap.Trim();
                Interlocked.Increment(ref _trims);
                LogTrimmed(logger, released);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    private static TimeSpan Period(IConfiguration configuration)
    {
        var seconds = configuration.GetValue(Setting, 60.0);
        return seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new InvalidOperationException($"{Setting} is a number of seconds (0: never), not {seconds}.");
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Native heap trimmed; memory released: {Released}")]
    private static partial void LogTrimmed(ILogger logger, bool released);
}
