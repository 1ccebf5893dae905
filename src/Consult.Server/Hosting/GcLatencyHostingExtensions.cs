using System.Runtime;

namespace Consult.Server.Hosting;

/// <summary>
/// The garbage collector's latency mode for the whole process, <c>Consult:GcLatencyMode</c>:
/// <see cref="GCLatencyMode.SustainedLowLatency"/> by default. A node holds thousands of hub
/// connections and every open room for hours, a heap of hundreds of megabytes: in the hour's soak
/// (docs/benchmarks.md, "Soak") the collector now and then compacted the whole heap while every thread
/// waited (1.6 s), which was the decisions' worst minute. In this mode it collects the oldest
/// generation in the background and compacts it only when memory runs short. <c>Interactive</c>
/// is the runtime's own default; <c>Batch</c> turns background collection off.
/// </summary>
public static class GcLatencyHostingExtensions
{
    public const string Setting = ConsultOptions.Section + ":GcLatencyMode";

    public static WebApplicationBuilder AddConsultGcLatency(this WebApplicationBuilder builder)
    {
        var mode = builder.Configuration.GetValue(Setting, GCLatencyMode.SustainedLowLatency);
        if (mode is not (GCLatencyMode.SustainedLowLatency or GCLatencyMode.Interactive or GCLatencyMode.Batch))
            throw new InvalidOperationException($"{Setting} is SustainedLowLatency, Interactive or Batch, not {mode}.");
        GCSettings.LatencyMode = mode;
        return builder;
    }
}
