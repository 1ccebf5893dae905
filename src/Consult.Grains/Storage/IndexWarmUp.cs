using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Consult.Storage;

/// <summary>
/// Takes in what the storage holds at start into a derived index (the case listing's, the
/// figures'), so that its first reader does not wait for a whole database. Only a head start:
/// readers catch up before they answer.
/// </summary>
public sealed partial class IndexWarmUp(string index, Func<CancellationToken, Task> catchUp, ILogger<IndexWarmUp> logger) : BackgroundService
{
    /// <summary>
    /// Registers a warm-up for <paramref name="index"/>; a singleton of its own, since
    /// <c>AddHostedService</c> keeps one registration per implementation type.
    /// </summary>
    public static void Add(IServiceCollection services, string index, Func<IServiceProvider, Func<CancellationToken, Task>> catchUp) =>
        services.AddSingleton<IHostedService>(sp => new IndexWarmUp(index, catchUp(sp), sp.GetRequiredService<ILogger<IndexWarmUp>>()));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Off the start-up path: SQLite's calls complete synchronously, and a host waits for a service's first yield.
            await Task.Run(() => catchUp(stoppingToken), stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogWarmUpFailed(logger, e, index);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Index} could not catch up at start; its first reader will")]
    private static partial void LogWarmUpFailed(ILogger logger, Exception exception, string index);
}
