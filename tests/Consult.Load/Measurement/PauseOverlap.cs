namespace Consult.Load.Measurement;

/// <summary>
/// <see cref="DecisionLedger.InPauses"/>: for the server and for this tool, the share of the window covered by sampling
/// intervals in which it stood paused for a collection, and the shares of all decisions and of the slow ones in flight
/// during such an interval.
/// </summary>
public sealed record PauseOverlap(double ServerWindow, double ServerAll, double ServerSlow, double ToolWindow, double ToolAll, double ToolSlow);
