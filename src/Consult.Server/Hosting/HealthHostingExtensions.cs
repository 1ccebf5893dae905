using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Consult.Server.Hosting;

public static class HealthHostingExtensions
{
    /// <summary>Liveness: the process answers. A Redis outage must not get every node restarted, so nothing else is checked.</summary>
    public const string LivePath = "/healthz";

    /// <summary>Readiness: this node's silo is an active member of the cluster, its indexes have taken in what the storage holds, its reminder service has read its range, and the node is not stopping.</summary>
    public const string ReadyPath = "/readyz";

    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddConsultHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReminderServiceReadiness>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ReminderServiceReadiness>());
        builder.Services.AddHealthChecks()
            .AddCheck<SiloReadinessCheck>("silo", tags: [ReadyTag])
            .AddCheck<IndexReadinessCheck>("indexes", tags: [ReadyTag])
            .Add(new HealthCheckRegistration("reminders", sp => sp.GetRequiredService<ReminderServiceReadiness>(), failureStatus: null, tags: [ReadyTag]));
        return builder;
    }

    public static WebApplication MapConsultHealth(this WebApplication app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = Write }).AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = Write }).AllowAnonymous();
        return app;
    }

    private static Task Write(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var details = string.Join("; ", report.Entries.Values.Select(e => e.Description).Where(d => !string.IsNullOrEmpty(d)));
        return context.Response.WriteAsync(details.Length == 0 ? report.Status.ToString() : $"{report.Status}: {details}");
    }
}
