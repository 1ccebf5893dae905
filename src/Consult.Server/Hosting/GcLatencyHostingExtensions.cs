using System.Runtime;

namespace Consult.Server.Hosting;

/// <summary>
/// The garbage collector's latency mode for the whole process, <c>Consult:GcLatencyMode</c>:
/// <see cref="GCLatencyMode.Interactive"/> (the runtime's own) by default. A node holds thousands of
/// hub connections and every open room for hours, a heap of hundreds of megabytes: in the hour's
/// soak (docs/benchmarks.md, "The second hour") the collector compacted the whole heap seven times
/// while every thread waited (0.8–2.1 s), the decisions' worst half-minutes. With
/// <see cref="GCLatencyMode.SustainedLowLatency"/> it collects the oldest generation in the
/// background and compacts it only when memory runs short; in a 20-minute soak it did not avoid
/// those compactions, so it is not the default. <c>Batch</c> turns background collection off.
/// </summary>
public static class GcLatencyHostingExtensions
{
    public const string Setting = ConsultOptions.Section + ":GcLatencyMode";

    public static WebApplicationBuilder AddConsultGcLatency(this WebApplicationBuilder builder)
    {
        var mode = builder.Configuration.GetValue(Setting, GCLatencyMode.Interactive);
        if (mode is not (GCLatencyMode.SustainedLowLatency or GCLatencyMode.Interactive or GCLatencyMode.Batch))
            throw new InvalidOperationException($"{Setting} is SustainedLowLatency, Interactive or Batch, not {mode}.");
        GCSettings.LatencyMode = mode;
        return builder;
    }
}
