using Consult.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Consult.Server.Hosting;

/// <summary>
/// Not ready while this node's indexes (the case list's, the figures') take in what the storage
/// holds at start: a node started on an empty data folder in a province rebuilds them for minutes,
/// and its listings and figures would wait that long. Ready as soon as every warm-up has ended,
/// also when one failed (its first reader then catches it up).
/// </summary>
public sealed class IndexReadinessCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var running = services.GetService<IndexWarmUps>()?.Running ?? [];
        return Task.FromResult(running.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"taking in what the storage holds: {string.Join(", ", running)}"));
    }
}
