using System.Net;
using Consult.Common;
using Microsoft.Extensions.Options;

namespace Consult.Server.Telemetry;

/// <summary>
/// Who may read <c>/metrics</c>: callers on loopback and in <see cref="MetricsOptions.AllowedNetworks"/>,
/// connecting directly. A request that came through a proxy (it carries <c>X-Forwarded-For</c> or
/// <c>Forwarded</c>, as HAProxy and ingress-nginx add) is refused whatever its address, so a load
/// balancer inside an allowed network does not open the metrics to the public. Everyone else, and
/// a request without a remote address (an in-process test server), gets <c>403</c> with the
/// contract's <c>forbidden</c> code: the endpoint exists, it is not theirs.
/// </summary>
public static class ScrapeAccess
{
    public static bool IsAllowed(IPAddress? remote, IReadOnlyList<IPNetwork> networks)
    {
        if (remote is null)
            return false;
        if (remote.IsIPv4MappedToIPv6)
            remote = remote.MapToIPv4();
        return IPAddress.IsLoopback(remote) || networks.Any(n => n.Contains(remote));
    }

    public static bool IsProxied(IHeaderDictionary headers) =>
        headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("Forwarded");

    /// <summary>The guard in front of the Prometheus exporter's branch.</summary>
    public static void Guard(IApplicationBuilder branch)
    {
        var networks = branch.ApplicationServices.GetRequiredService<IOptions<MetricsOptions>>().Value.Networks();
        branch.Use(async (context, next) =>
        {
            if (!IsProxied(context.Request.Headers) && IsAllowed(context.Connection.RemoteIpAddress, networks))
            {
                await next(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "Metrics are not served to this address.",
                    Detail = $"Scrape each node directly, from loopback or a network in {MetricsOptions.Section}:AllowedNetworks.",
                    Extensions = { ["code"] = ErrorCodes.Forbidden },
                },
            });
        });
    }
}
