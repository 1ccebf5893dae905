using Consult.Common;
using Consult.Realtime;
using Consult.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Consult.Load.Baselines;

/// <summary>
/// The B0 and B3 servers: this tool run as a child process with <c>--bare-server</c>, so it is measured
/// like Consult (own process, RSS, CPU). With <c>--bare-server --redis host:port</c> (B3) the hub's
/// groups go through a Redis SignalR backplane and every decision is also written to Redis.
/// </summary>
public static class BareHubServer
{
    public const string Argument = "--bare-server";
    public const string RedisArgument = "--redis";
    public const string ContractArgument = "--contract";

    /// <param name="redis">B3: the Redis to use.</param>
    /// <param name="contract">B0c: serve <see cref="BareContractHub"/> instead of <see cref="BareHub"/>.</param>
    public static async Task Run(string? redis, bool contract)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var signalR = builder.Services.AddSignalR().AddJsonProtocol(json => ConsultJson.Configure(json.PayloadSerializerOptions));
        IConnectionMultiplexer? multiplexer = null;
        if (redis is not null)
        {
            multiplexer = await ConnectionMultiplexer.ConnectAsync(redis);
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = RedisChannel.Literal("consult-load"));
        }

        builder.Services.AddSingleton(new BareRooms(ConsultJson.Options, multiplexer?.GetDatabase()));
        var app = builder.Build();
        app.UseWebSockets();
        if (contract)
            app.MapHub<BareContractHub>(HubContract.Path);
        else
            app.MapHub<BareHub>(HubContract.Path);
        // Ready probe, answered like Consult's sign-in refusal so one readiness check serves both.
        app.MapPost("/api/v1/auth/token", () => Results.Unauthorized());
        // Managed heap after a forced GC, as Consult answers it with Consult:Diagnostics:Enabled.
        app.MapMemoryDiagnostics();
        await app.RunAsync();
        if (multiplexer is not null)
            await multiplexer.DisposeAsync();
    }
}
