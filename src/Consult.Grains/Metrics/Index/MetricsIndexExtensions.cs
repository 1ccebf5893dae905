using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;

namespace Consult.Metrics.Index;

public static partial class MetricsIndexExtensions
{
    /// <summary>The file of the metrics index beside the storage file <paramref name="storagePath"/>.</summary>
    public static string IndexPath(string storagePath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(storagePath))!, "metrics-index.db");

    /// <summary>The figures' projection of the metrics buckets of the SQLite grain storage at <paramref name="storagePath"/>, caught up at start.</summary>
    public static ISiloBuilder AddSqliteMetricsIndex(this ISiloBuilder silo, string storagePath)
    {
        silo.Services.AddSingleton(sp => new SqliteMetricsIndex(
            storagePath,
            IndexPath(storagePath),
            sp.GetRequiredService<Serializer>(),
            sp.GetRequiredService<ILogger<SqliteMetricsIndex>>()));
        silo.Services.AddSingleton<IMetricsIndex>(sp => sp.GetRequiredService<SqliteMetricsIndex>());
        silo.Services.AddSingleton<IMetricsChanges>(sp => sp.GetRequiredService<SqliteMetricsIndex>());
        silo.Services.AddHostedService<MetricsIndexWarmUp>();
        return silo;
    }

    /// <summary>Takes in what the storage holds at start, so that the first figures do not wait for a whole database.</summary>
    private sealed partial class MetricsIndexWarmUp(IMetricsIndex index, ILogger<MetricsIndexWarmUp> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                await Task.Run(() => index.CatchUp(stoppingToken), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogWarmUpFailed(logger, e);
            }
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "The metrics index could not catch up at start; the first figures will")]
        private static partial void LogWarmUpFailed(ILogger logger, Exception exception);
    }
}
