using System.Runtime;
using Consult.Server.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Consult.Server.Tests.Hardening;

/// <summary>The server runs its collector in sustained low latency unless <c>Consult:GcLatencyMode</c> says otherwise.</summary>
public sealed class GcLatencyTests
{
    [Fact]
    public void TheCollectorAvoidsBlockingWholeHeapCollectionsUnlessConfiguredOtherwise()
    {
        var before = GCSettings.LatencyMode;
        try
        {
            WebApplication.CreateBuilder().AddConsultGcLatency();
            Assert.Equal(GCLatencyMode.SustainedLowLatency, GCSettings.LatencyMode);

            Configured("Interactive").AddConsultGcLatency();
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
