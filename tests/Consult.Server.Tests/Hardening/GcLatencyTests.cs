using System.Runtime;
using Consult.Server.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Consult.Server.Tests.Hardening;

/// <summary>The server runs its collector in the latency mode <c>Consult:GcLatencyMode</c> names (the runtime's own by default).</summary>
public sealed class GcLatencyTests
{
    [Fact]
    public void TheCollectorRunsInTheConfiguredLatencyModeAndRefusesOnesThatDoNotLast()
    {
        var before = GCSettings.LatencyMode;
        try
        {
            Configured("SustainedLowLatency").AddConsultGcLatency();
            Assert.Equal(GCLatencyMode.SustainedLowLatency, GCSettings.LatencyMode);

            WebApplication.CreateBuilder().AddConsultGcLatency();
            Assert.Equal(GCLatencyMode.Interactive, GCSettings.LatencyMode);

            // A mode the runtime only grants for a moment, or not at all, stops the start.
            Assert.Throws<InvalidOperationException>(() => Configured("LowLatency").AddConsultGcLatency());
            Assert.Throws<InvalidOperationException>(() => Configured("NoGCRegion").AddConsultGcLatency());
            Assert.Throws<InvalidOperationException>(() => Configured("Fast").AddConsultGcLatency());
        }
        finally
        {
            GCSettings.LatencyMode = before;
        }
    }

    private static WebApplicationBuilder Configured(string mode)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration[GcLatencyHostingExtensions.Setting] = mode;
        return builder;
    }
}
