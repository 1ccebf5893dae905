using Consult.Common;
using Consult.Realtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Consult.Load.Baselines;

/// <summary>The B0 server: this tool run as a child process with <c>--bare-server</c>, so it is measured like Consult (own process, RSS, CPU).</summary>
public static class BareHubServer
{
    public const string Argument = "--bare-server";

    public static async Task Run()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(new BareRooms(ConsultJson.Options));
        builder.Services.AddSignalR().AddJsonProtocol(json => ConsultJson.Configure(json.PayloadSerializerOptions));
        var app = builder.Build();
        app.UseWebSockets();
        app.MapHub<BareHub>(HubContract.Path);
        // Ready probe, answered like Consult's sign-in refusal so one readiness check serves both.
        app.MapPost("/api/v1/auth/token", () => Results.Unauthorized());
        await app.RunAsync();
    }
}
