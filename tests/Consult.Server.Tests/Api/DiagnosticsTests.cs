using System.Net;
using System.Net.Http.Json;
using Consult.Common;
using Consult.Server.Hosting;
using Consult.Server.Tests.Fixtures;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Consult.Server.Tests.Api;

/// <summary><c>Consult:Diagnostics:Enabled</c>: off by default; when on, answered to loopback callers only.</summary>
public sealed class DiagnosticsTests
{
    [Fact]
    public async Task OffByDefault()
    {
        // On a real loopback port: only the setting keeps the endpoints away (the UI may answer the path with its own page).
        await using var node = new LiveNode(Folder());
        using var loopback = new HttpClient { BaseAddress = node.Address };
        var memory = await loopback.GetAsync(DiagnosticsHostingExtensions.MemoryPath);
        Assert.DoesNotContain("heapBytes", await memory.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, (await loopback.PostAsync(DiagnosticsHostingExtensions.DeactivatePath, null)).StatusCode);
    }

    [Fact]
    public async Task WhenEnabledRefusesCallersNotOnLoopback()
    {
        await using var factory = Factory();
        // The in-memory test server gives no remote address: not a loopback caller.
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(DiagnosticsHostingExtensions.MemoryPath)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync(DiagnosticsHostingExtensions.DeactivatePath, null)).StatusCode);
    }

    [Fact]
    public async Task WhenEnabledAnswersLoopbackCallers()
    {
        await using var node = new LiveNode(Folder(), settings: new() { ["Consult:Diagnostics:Enabled"] = "true" });
        using var loopback = new HttpClient { BaseAddress = node.Address };
        var memory = await loopback.GetFromJsonAsync<MemoryDiagnostics>(DiagnosticsHostingExtensions.MemoryPath, ConsultJson.Options);
        Assert.True(memory!.HeapBytes > 0);
        Assert.True(memory.Gen2Collections > 0);
        var deactivation = await (await loopback.PostAsync(DiagnosticsHostingExtensions.DeactivatePath, null)).Content.ReadFromJsonAsync<DeactivationDiagnostics>(ConsultJson.Options);
        Assert.True(deactivation!.ActivationsAfter <= deactivation.ActivationsBefore);
    }

    [Fact]
    public async Task WithoutCollectingAnswersWhatTheLastCollectionLeft()
    {
        await using var node = new LiveNode(Folder(), settings: new() { ["Consult:Diagnostics:Enabled"] = "true" });
        using var loopback = new HttpClient { BaseAddress = node.Address };
        var forced = await loopback.GetFromJsonAsync<MemoryDiagnostics>(DiagnosticsHostingExtensions.MemoryPath, ConsultJson.Options);
        Assert.True(forced!.Collected);

        MemoryDiagnostics? light = null;
        for (var i = 0; i < 5; i++)
            light = await loopback.GetFromJsonAsync<MemoryDiagnostics>(DiagnosticsHostingExtensions.MemoryPath + "?collect=false", ConsultJson.Options);
        Assert.False(light!.Collected);
        Assert.True(light.HeapBytes > 0);
        // The forced collection above was a full one: its figure is there.
        Assert.True(light.HeapAfterFullCollectionBytes > 0);
        // Five reads that each forced a full collection would have raised the count by five at least.
        Assert.True(light.Gen2Collections - forced.Gen2Collections < 5, $"{forced.Gen2Collections} → {light.Gen2Collections}");
        // The forced one was full and blocking, and the heap lives in what the collector committed.
        Assert.True(light.LastFullBlockingIndex >= forced.LastFullBlockingIndex && forced.LastFullBlockingIndex > 0);
        Assert.True(forced.LastFullBlockingPauseMilliseconds > 0);
        Assert.True(light.CommittedBytes >= light.HeapBytes, $"committed {light.CommittedBytes}, heap {light.HeapBytes}");
    }

    [Fact]
    public async Task AnswersTheNativeHeapAndSqlitesShareOfIt()
    {
        await using var node = new LiveNode(Folder(), settings: new() { ["Consult:Diagnostics:Enabled"] = "true" });
        using var loopback = new HttpClient { BaseAddress = node.Address };
        var memory = await loopback.GetFromJsonAsync<MemoryDiagnostics>(DiagnosticsHostingExtensions.MemoryPath + "?collect=false", ConsultJson.Options);

        // The node has its storage open: SQLite holds its schemas and caches, out of the C library's heap (glibc here).
        Assert.True(memory!.SqliteBytes > 0);
        Assert.True(memory.SqliteHighwaterBytes >= memory.SqliteBytes);
        Assert.True(memory.MallocInUseBytes > memory.SqliteBytes, $"malloc in use {memory.MallocInUseBytes}, SQLite {memory.SqliteBytes}");
        Assert.True(memory.MallocFreeBytes >= 0);

        // A sampler that asks ten times a second leaves the C library's figures out (their reading takes its arenas' locks).
        var light = await loopback.GetFromJsonAsync<MemoryDiagnostics>(DiagnosticsHostingExtensions.MemoryPath + "?collect=false&native=false", ConsultJson.Options);
        Assert.Equal(0, light!.MallocInUseBytes);
        Assert.Equal(0, light.MallocFreeBytes);
        Assert.True(light.SqliteBytes > 0 && light.HeapBytes > 0);
    }

    private static WebApplicationFactory<Program> Factory()
    {
        return new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Consult:DataPath", Folder());
            builder.UseSetting("Consult:Silo:Port", FreePorts.Next().ToString());
            builder.UseSetting("Consult:Silo:GatewayPort", FreePorts.Next().ToString());
            builder.UseSetting("Consult:Diagnostics:Enabled", "true");
        });
    }

    private static string Folder() => Path.Combine(Path.GetTempPath(), "consult-diagnostics-" + Guid.NewGuid().ToString("N"));
}
