using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Consult.Storage;

/// <summary>
/// Takes in what the storage holds at start into a derived index (the case listing's, the
/// figures'), so that its first reader does not wait for a whole database. Only a head start:
/// readers catch up before they answer. Until every warm-up has ended (taken in, or failed and
/// left to the first reader) the node reports itself not ready (<see cref="IndexWarmUps"/>), so a
/// load balancer does not send it the readers that would wait.
/// </summary>
public sealed partial class IndexWarmUp(string index, Func<CancellationToken, Task> catchUp, IndexWarmUps warmUps, ILogger<IndexWarmUp> logger) : BackgroundService
{
    /// <summary>
    /// Registers a warm-up for <paramref name="index"/>; a singleton of its own, since
    /// <c>AddHostedService</c> keeps one registration per implementation type.
    /// </summary>
    public static void Add(IServiceCollection services, string index, Func<IServiceProvider, Func<CancellationToken, Task>> catchUp)
    {
        services.TryAddSingleton<IndexWarmUps>();
        services.AddSingleton<IHostedService>(sp =>
        {
            var warmUps = sp.GetRequiredService<IndexWarmUps>();
            warmUps.Started(index);
            return new IndexWarmUp(index, catchUp(sp), warmUps, sp.GetRequiredService<ILogger<IndexWarmUp>>());
        });
    }

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
        finally
        {
            warmUps.Ended(index);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Index} could not catch up at start; its first reader will")]
    private static partial void LogWarmUpFailed(ILogger logger, Exception exception, string index);
}

/// <summary>The indexes still taking in what the storage holds at start.</summary>
public sealed class IndexWarmUps
{
    private readonly ConcurrentDictionary<string, byte> _running = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Running => [.. _running.Keys.Order(StringComparer.Ordinal)];

    internal void Started(string index) => _running[index] = 0;

    internal void Ended(string index) => _running.TryRemove(index, out _);
}
