using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;

namespace Consult.Cases.Index;

public static partial class CaseIndexExtensions
{
    /// <summary>The file of the case index beside the storage file <paramref name="storagePath"/>.</summary>
    public static string IndexPath(string storagePath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(storagePath))!, "case-index.db");

    /// <summary>The case listing's index over the day rows of the SQLite grain storage at <paramref name="storagePath"/>, caught up at start.</summary>
    public static ISiloBuilder AddSqliteCaseIndex(this ISiloBuilder silo, string storagePath)
    {
        silo.Services.AddSingleton(sp => new SqliteCaseIndex(
            storagePath,
            IndexPath(storagePath),
            sp.GetRequiredService<Serializer>(),
            sp.GetRequiredService<ILogger<SqliteCaseIndex>>()));
        silo.Services.AddSingleton<ICaseIndex>(sp => sp.GetRequiredService<SqliteCaseIndex>());
        silo.Services.AddSingleton<ICaseDayChanges>(sp => sp.GetRequiredService<SqliteCaseIndex>());
        silo.Services.AddHostedService<CaseIndexWarmUp>();
        return silo;
    }

    /// <summary>Takes in what the storage holds at start, so that the first listing does not wait for a whole database.</summary>
    private sealed partial class CaseIndexWarmUp(ICaseIndex index, ILogger<CaseIndexWarmUp> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                // Off the start-up path: SQLite's calls complete synchronously, and a host waits for a service's first yield.
                await Task.Run(() => index.CatchUp(stoppingToken), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The listing catches up before it answers; this was only a head start.
                LogWarmUpFailed(logger, e);
            }
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "The case index could not catch up at start; the first listing will")]
        private static partial void LogWarmUpFailed(ILogger logger, Exception exception);
    }
}
