using Consult.Common;
using Consult.Realtime;
using Consult.Server.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Consult.Server.Realtime;

public static class RealtimeHostingExtensions
{
    public static WebApplicationBuilder AddConsultRealtime(this WebApplicationBuilder builder)
    {
        // Options and the filter belong to the consultation hub only: Blazor's circuits run on
        // SignalR too and must not be rate-limited like API clients.
        builder.Services
            .AddSignalR()
            .AddHubOptions<ConsultationHub>(hub =>
            {
                // SignalR's default, stated: no message over 32 KB is read.
                hub.MaximumReceiveMessageSize = 32 * 1024;
                hub.AddFilter<ConsultHubFilter>();
            })
            .AddJsonProtocol(json => ConsultJson.Configure(json.PayloadSerializerOptions));
        builder.Services.AddSingleton<ConsultHubFilter>();
        builder.Services.AddSingleton<HubSessions>();
        builder.Services.AddSingleton<HubSessionSweeper>();
        builder.Services.AddHostedService(services => services.GetRequiredService<HubSessionSweeper>());
        // Refusals are logged by ConsultHubFilter at Information; SignalR would log each one as an Error with a stack trace.
        builder.Logging.AddFilter("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher", LogLevel.Critical);
        builder.Services.AddSingleton<RoomRelay>();
        // The silo in this process hands its rooms' events to this node's relay directly.
        builder.Services.AddSingleton<ILocalRoomRelay>(services => services.GetRequiredService<RoomRelay>());
        builder.Services.AddSingleton<Calls.CallRelay>();
        builder.Services.AddSingleton<Calls.CallIceServers>();
        builder.Services.AddHostedService<RelayRenewalService>();
        return builder;
    }

    public static WebApplication MapConsultRealtime(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(HubContract.Path), hub => hub.Use(CheckOrigin));
        // SignalR closes a connection once its token or cookie expires (checked about every second),
        // on top of the hub's own refusal of calls and the sweeper.
        app.MapHub<ConsultationHub>(HubContract.Path, connection => connection.CloseOnAuthenticationExpiration = true);
        return app;
    }

    /// <summary>
    /// Browsers send <c>Origin</c> with WebSocket upgrades and CORS does not cover them: accept the
    /// server's own origin and the configured ones only. Clients that send no Origin (apps) pass.
    /// </summary>
    private static async Task CheckOrigin(HttpContext context, Func<Task> next)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (!string.IsNullOrEmpty(origin) && !IsAllowed(context, origin))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = 403, Title = "Origin not allowed.", Detail = $"Origin '{origin}' may not open the hub.", Extensions = { ["code"] = ErrorCodes.Forbidden } },
            });
            return;
        }

        await next();
    }

    private static bool IsAllowed(HttpContext context, string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
            return false;
        if (string.Equals(uri.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase))
            return true;
        var allowed = context.RequestServices.GetRequiredService<IOptions<ConsultOptions>>().Value.Hub.AllowedOrigins;
        return allowed.Any(a => string.Equals(a.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
    }
}
