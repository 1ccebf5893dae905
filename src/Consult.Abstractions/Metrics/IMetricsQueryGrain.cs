namespace Consult.Metrics;

/// <summary>Computes manager figures from the month shards that can hold rooms of the period.</summary>
[Alias("consult.metrics-query-grain")]
public interface IMetricsQueryGrain : IGrainWithIntegerKey
{
    [Alias("query")]
    Task<DecisionMetrics> Query(DateTimeOffset from, DateTimeOffset to);

    /// <summary>Every department's first response decided in the period, with its room: the rows behind the response figures.</summary>
    [Alias("decisions")]
    Task<System.Collections.Immutable.ImmutableArray<DecisionRow>> Decisions(DateTimeOffset from, DateTimeOffset to);

    /// <summary>The rows behind one figure of the period (<see cref="Figures"/>), of one matter and one department if given.</summary>
    [Alias("cases")]
    Task<System.Collections.Immutable.ImmutableArray<FigureRow>> Cases(DateTimeOffset from, DateTimeOffset to, string figure, string? matter, string? department);
}

/// <summary>One department's first response in a room, as <c>GET /metrics/decisions.csv</c> lists it.</summary>
[GenerateSerializer, Immutable, Alias("consult.metrics.decision-row")]
public sealed record DecisionRow(
    [property: Id(0)] string CaseNumber,
    [property: Id(1)] string MatterCode,
    [property: Id(2)] Guid RoomId,
    [property: Id(3)] string Department,
    [property: Id(4)] DateTimeOffset InvitedAt,
    [property: Id(5)] DateTimeOffset DecidedAt,
    [property: Id(6)] DateTimeOffset RoomOpenedAt,
    [property: Id(7)] DateTimeOffset? RoomClosedAt,
    [property: Id(8)] Rooms.JointOutcome? JointOutcome,
    [property: Id(9)] ResponseKind Kind = ResponseKind.Own)
{
    public double ResponseMinutes => (DecidedAt - InvitedAt).TotalMinutes;
}
