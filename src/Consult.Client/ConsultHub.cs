using Consult.Common;
using Consult.Realtime;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Consult.Client;

/// <summary>Builds a connection to the consultation hub, speaking the contract's JSON.</summary>
public static class ConsultHub
{
    /// <param name="server">The server's base address, e.g. <c>http://localhost:5080</c>.</param>
    /// <param name="accessToken">The bearer token from <c>POST /api/v1/auth/token</c>; null for an anonymous follower.</param>
    public static HubConnection Connect(Uri server, Func<Task<string?>>? accessToken) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(server, HubContract.Path), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                if (accessToken is not null)
                    options.AccessTokenProvider = accessToken;
            })
            .AddJsonProtocol(json => ConsultJson.Configure(json.PayloadSerializerOptions))
            .WithAutomaticReconnect()
            .Build();
}
