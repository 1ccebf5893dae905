using System.Net;
using Consult.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;

namespace Consult.Server.Telemetry;

/// <summary>
/// OpenTelemetry for the node: metrics (Consult's, ASP.NET Core's, Kestrel's, SignalR's,
/// Orleans', the runtime's) scraped at <see cref="ScrapePath"/> and, when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, pushed over OTLP with the traces and logs. Traces
/// follow a request through hub calls and grain calls (Orleans' activity propagation) to the
/// relay's fan-out. Tracing costs a few spans on every grain call, so it is on only when there is
/// somewhere to send them: with OTLP, or when <see cref="TracingKey"/> says so (a collector
/// added in code, as the tests do).
/// </summary>
public static class TelemetryHostingExtensions
{
    public const string ScrapePath = "/metrics";
    public const string ServiceName = "consult";
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string TracingKey = "Consult:Tracing:Enabled";

    /// <summary>
    /// The most tag combinations one metric keeps apart (further ones are summed in an overflow
    /// series). The SDK's default of 2,000 sets aside that many points for each of the ~150
    /// metrics at start, about 26 MB of the heap. The largest, the request duration by route,
    /// method and status, would reach a few hundred only if each of the ~100 routes answered
    /// with several statuses; the others have a few dozen at most.
    /// </summary>
    public const int TagCombinationsPerMetric = 500;

    /// <summary>The meters exported besides <see cref="ConsultMetrics.MeterName"/> and the runtime's.</summary>
    public static readonly IReadOnlyList<string> Meters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization",
        "Microsoft.AspNetCore.Components",
        "Microsoft.AspNetCore.Components.Server.Circuits",
        "Microsoft.Orleans",
    ];

    /// <summary>The activity sources traced besides ASP.NET Core's requests.</summary>
    public static readonly IReadOnlyList<string> Sources =
    [
        ConsultTracing.SourceName,
        "Microsoft.AspNetCore.SignalR.Server",
        ActivitySources.ApplicationGrainActivitySourceName,
        ActivitySources.RuntimeActivitySourceName,
    ];

    public static WebApplicationBuilder AddConsultTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MetricsOptions>()
            .BindConfiguration(MetricsOptions.Section)
            .Validate(o => o.AllowedNetworks.All(n => IPNetwork.TryParse(n?.Trim(), out _)),
                $"{MetricsOptions.Section}:AllowedNetworks must be networks in CIDR notation, such as 10.0.5.0/24.")
            .Validate(o => o.RoomsRefreshSeconds > 0, $"{MetricsOptions.Section}:RoomsRefreshSeconds must be positive.")
            .ValidateOnStart();
        builder.Services.AddHostedService<RoomFiguresRefresher>();

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics => metrics
                .AddMeter(ConsultMetrics.MeterName)
                .AddMeter([.. Meters])
                .AddRuntimeInstrumentation()
                .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = TagCombinationsPerMetric })
                .AddPrometheusExporter())
            .WithLogging();
        if (builder.Configuration.GetValue<bool?>(TracingKey) ?? otlp)
        {
            // Grain calls carry the caller's trace context, and each call is a span of its own.
            builder.UseOrleans(silo => silo.AddActivityPropagation());
            telemetry.WithTracing(tracing => tracing
                .AddSource([.. Sources])
                .AddAspNetCoreInstrumentation(aspNet => aspNet.Filter = context => !IsProbe(context.Request.Path)));
        }

        if (otlp)
            telemetry.UseOtlpExporter();
        return builder;
    }

    /// <summary>Maps <see cref="ScrapePath"/>, answered to loopback and the allowed networks only (<see cref="ScrapeAccess"/>).</summary>
    public static WebApplication MapConsultTelemetry(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(ScrapePath, meterProvider: null, configureBranchedPipeline: ScrapeAccess.Guard, optionsName: null)
            .AllowAnonymous();
        return app;
    }

    /// <summary>Scrapes and health probes: frequent, and telling nothing about a consultation.</summary>
    private static bool IsProbe(PathString path) =>
        path.Equals(ScrapePath, StringComparison.Ordinal)
        || path.StartsWithSegments("/healthz", StringComparison.Ordinal)
        || path.StartsWithSegments("/readyz", StringComparison.Ordinal);
}
