namespace Consult.Load.Measurement;

/// <summary>
/// A window's decisions taken apart at the server's stamp on the event (<see cref="DecisionLedger.Legs"/>), each leg as
/// (median of all decisions, their p99, median of the decisions slower than the window's p99), in milliseconds.
/// </summary>
public sealed record DecisionLegs(
    (double P50, double P99, double SlowMedian) BeforeStamp,
    (double P50, double P99, double SlowMedian) AfterStamp,
    (double P50, double P99, double SlowMedian) Spread);
