using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Consult.Hosting;

public static class GrainServiceCollectionExtensions
{
    /// <summary>The services Consult's grains need, for a silo (the host, or a test cluster).</summary>
    public static IServiceCollection AddConsultGrains(this IServiceCollection services, string timeZoneId, Calendar.WorkingHours? workingHours = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new ConsultCalendar(ConsultCalendar.FindZone(timeZoneId), workingHours));
        services.AddSingleton<IIncomingGrainCallFilter, FailedCallDeactivationFilter>();
        services.TryAddSingleton<Telemetry.ConsultMetrics>();
        services.AddOptions<Outbox.OutboxOptions>();
        services.AddOptions<Cases.StatutoryClockOptions>();
        services.AddOptions<Rooms.ClockOptions>();
        services.AddOptions<Notifications.NotificationOptions>();
        services.AddOptions<Cases.FollowUpOptions>();
        return services;
    }
}
