using System.Diagnostics;

namespace Consult.Telemetry;

/// <summary>
/// Consult's own spans (the relay's fan-out of a room event).
/// </summary>
public static class ConsultTracing
{
    public const string SourceName = "Consult";

    /// <summary>One source for the process, as ActivitySource is meant to be used: it holds no state of a host.</summary>
    public static ActivitySource Source { get; } = new(SourceName);
}
