using Consult.Metrics;
using Consult.Telemetry;
using Microsoft.Extensions.Options;

namespace Consult.Server.Telemetry;

/// <summary>
/// Reads the rooms open and overdue from the metrics grains every
/// <see cref="MetricsOptions.RoomsRefreshSeconds"/> for the <c>consult_rooms_*</c> gauges, so a
/// scrape never waits on grains. The figures are the cluster's: every node reports the same.
/// Until the first read succeeds the gauges report nothing rather than a made-up zero.
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
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.RoomsRefreshSeconds), time);
        do
        {
            await Refresh();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
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
