using Consult.Metrics;
using Consult.Telemetry;
using Microsoft.Extensions.Options;

namespace Consult.Server.Telemetry;

/// <summary>
/// Reads the rooms open and overdue from the metrics grains for the <c>consult_rooms_*</c>
/// gauges, so a scrape never waits on grains: every <see cref="MetricsOptions.RoomsRefreshSeconds"/>,
/// when a reader (Prometheus, the OTLP exporter) collected the gauges since the last read, so a
/// node nobody scrapes queries nothing. The figures are the cluster's: every node reports the
/// same. Until the first read the gauges report nothing rather than a made-up zero.
/// </summary>
public sealed partial class RoomFiguresRefresher(
    IGrainFactory grains,
    ConsultMetrics metrics,
    TimeProvider time,
    IOptions<MetricsOptions> options,
    ILogger<RoomFiguresRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The real clock's period: how fresh a gauge is, not domain time (a test's fake clock would stop it).
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.RoomsRefreshSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (metrics.TakeRoomsCollected())
                await Refresh();
        }
    }

    private async Task Refresh()
    {
        try
        {
            var now = time.GetUtcNow();
            // The query reads the shards of the rooms opened in the last months as well: the open ones among them are what counts.
            var figures = await grains.GetGrain<IMetricsQueryGrain>(0).Query(now.AddDays(-1), now);
            metrics.SetRooms(figures.OpenRooms, figures.OpenRoomsNearDeadline.Count(r => r.OverdueMinutes is not null));
        }
        catch (Exception e)
        {
            LogRefreshFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the rooms open and overdue for the metrics failed; the gauges keep their last values")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
