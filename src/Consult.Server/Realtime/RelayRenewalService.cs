using Consult.Realtime;
using Consult.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Consult.Server.Realtime;

/// <summary>
/// Renews the relay's watches well before grains expire them (<see cref="RelayTimings"/>). A room
/// that was reactivated meanwhile (its node died, or it moved) has forgotten this node: the renewal
/// subscribes again and forwards the events persisted in between, from the room's log.
/// </summary>
public sealed class RelayRenewalService(RoomRelay relay, IOptions<ConsultOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.Hub.RelayRenewSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
            await relay.RenewAll(stoppingToken);
    }
}
