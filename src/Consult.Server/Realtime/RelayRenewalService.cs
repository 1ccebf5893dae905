using Consult.Realtime;
using Consult.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Consult.Server.Realtime;

/// <summary>
/// Renews the relay's watches well before grains expire them (<see cref="RelayTimings"/>). A room
/// that was reactivated meanwhile (its node died, or it moved) has forgotten this node: the renewal
/// subscribes again and forwards the events persisted in between, from the room's log. When a
/// silo leaves the cluster (declared dead, or stopped), its rooms come back elsewhere at their next
/// call, so the renewal runs at once, and again shortly after until every watch is back, instead of
/// waiting for the next period.
/// </summary>
public sealed partial class RelayRenewalService(
    RoomRelay relay,
    IClusterMembershipService membership,
    IOptions<ConsultOptions> options,
    ILogger<RelayRenewalService> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfterDeparture = TimeSpan.FromSeconds(1);
    private const int RetriesAfterDeparture = 20;
    private readonly SemaphoreSlim _renewing = new(1, 1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(RenewPeriodically(stoppingToken), RenewWhenASiloLeaves(stoppingToken));

    public override void Dispose()
    {
        _renewing.Dispose();
        base.Dispose();
    }

    private async Task RenewPeriodically(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.Hub.RelayRenewSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
            await Renew(stoppingToken);
    }

    private async Task RenewWhenASiloLeaves(CancellationToken stoppingToken)
    {
        HashSet<SiloAddress> gone = [];
        var first = true;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var departed = snapshot.Members.Values
                    .Where(m => m.Status == SiloStatus.Dead && gone.Add(m.SiloAddress))
                    .Select(m => m.SiloAddress)
                    .ToList();
                // The first snapshot lists silos dead before this node started: nothing of theirs is watched here.
                var known = first;
                first = false;
                if (departed.Count == 0 || known)
                    continue;
                LogSiloLeft(logger, string.Join(", ", departed));
                for (var attempt = 0; attempt < RetriesAfterDeparture && await Renew(stoppingToken) > 0; attempt++)
                    await Task.Delay(RetryAfterDeparture, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Renews every watch once; answers how many renewals failed.</summary>
    private async Task<int> Renew(CancellationToken stoppingToken)
    {
        await _renewing.WaitAsync(stoppingToken);
        try
        {
            return await relay.RenewAll(stoppingToken);
        }
        finally
        {
            _renewing.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silos} left the cluster; renewing this node's watches now")]
    private static partial void LogSiloLeft(ILogger logger, string silos);
}
