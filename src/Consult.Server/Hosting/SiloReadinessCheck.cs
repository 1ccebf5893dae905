using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Consult.Server.Hosting;

/// <summary>
/// Ready while this node's silo is <c>Active</c> in the cluster's membership: it has joined, and
/// it is not leaving. A stopping node turns unready at once, so load balancers drain it while its
/// grains are handed over.
/// </summary>
public sealed class SiloReadinessCheck(IClusterMembershipService membership, ILocalSiloDetails silo, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
            return Task.FromResult(HealthCheckResult.Unhealthy($"silo {silo.SiloAddress} is stopping"));
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"silo {silo.SiloAddress} is active in cluster {silo.ClusterId}")
            : HealthCheckResult.Unhealthy($"silo {silo.SiloAddress} is {status}"));
    }
}
