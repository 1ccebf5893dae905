using System.Net;

namespace Consult.Server.Telemetry;

/// <summary><c>Consult:Metrics</c>: who may scrape <c>/metrics</c>, and how fresh the rooms' gauges are.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Consult:Metrics";

    /// <summary>
    /// Networks (CIDR, such as <c>10.0.5.0/24</c> or <c>fd00::/8</c>) besides loopback whose
    /// addresses may scrape <c>/metrics</c>. The address is the connection's: no forwarded header
    /// is read, so a scrape through a reverse proxy comes from the proxy's address.
    /// </summary>
    public string[] AllowedNetworks { get; set; } = [];

    /// <summary>How often a node reads the rooms open and overdue for its gauges (a query across the metrics grains).</summary>
    public double RoomsRefreshSeconds { get; set; } = 30;

    /// <summary>The parsed <see cref="AllowedNetworks"/>; validation has refused any that does not parse.</summary>
    public IReadOnlyList<IPNetwork> Networks() => [.. AllowedNetworks.Select(n => IPNetwork.Parse(n.Trim()))];
}
