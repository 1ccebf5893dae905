using System.Diagnostics;

namespace Consult.Telemetry;

/// <summary>
/// Consult's own spans (the relay's fan-out of a room event), and what a room hands its relays
/// beside an event, in Orleans' request context: when the event was persisted, for the
/// decision-to-delivered latency (<see cref="ConsultMetrics.DecisionDelivered"/>).
/// </summary>
public static class ConsultTracing
{
    public const string SourceName = "Consult";

    /// <summary>Wall-clock UTC ticks at which a room persisted the events it publishes.</summary>
    public const string PersistedAtKey = "consult.persisted-at";

    /// <summary>One source for the process, as ActivitySource is meant to be used: it holds no state of a host.</summary>
    public static ActivitySource Source { get; } = new(SourceName);
}
