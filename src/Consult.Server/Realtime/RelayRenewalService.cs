using Consult.Realtime;

namespace Consult.Server.Realtime;

/// <summary>Renews the relay's watches well before grains expire them (<see cref="RelayTimings"/>).</summary>
public sealed class RelayRenewalService(RoomRelay relay) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RelayTimings.RenewEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
            await relay.RenewAll(stoppingToken);
    }
}
