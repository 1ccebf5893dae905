using System.Net;

namespace Consult.Server.Hosting;

/// <summary>
/// <c>Consult:Diagnostics:Enabled</c> (off by default): <c>GET /diagnostics/memory</c> forces a full,
/// blocking garbage collection and answers the managed heap left (<see cref="GC.GetTotalMemory(bool)"/>)
/// and the collection counts. For the load benchmark's memory figures only: it answers callers on the
/// loopback interface alone (404 to anyone else), asks for no sign-in, and a forced GC pauses the server.
/// </summary>
public static class DiagnosticsHostingExtensions
{
    public const string MemoryPath = "/diagnostics/memory";

    public static WebApplication MapConsultDiagnostics(this WebApplication app)
    {
        if (app.Configuration.GetValue($"{ConsultOptions.Section}:Diagnostics:Enabled", false))
            app.MapMemoryDiagnostics();
        return app;
    }

    /// <summary>Maps the endpoint unconditionally: Consult through the setting above, the load tool's bare hubs always.</summary>
    public static IEndpointConventionBuilder MapMemoryDiagnostics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(MemoryPath, (HttpContext context) =>
        {
            if (context.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
                return Results.NotFound();
            var heap = GC.GetTotalMemory(forceFullCollection: true);
            return Results.Ok(new MemoryDiagnostics(heap, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes()));
        }).AllowAnonymous();
}

/// <summary>The answer of <see cref="DiagnosticsHostingExtensions.MemoryPath"/>: bytes and collection counts.</summary>
public sealed record MemoryDiagnostics(long HeapBytes, int Gen0Collections, int Gen1Collections, int Gen2Collections, long TotalAllocatedBytes);
