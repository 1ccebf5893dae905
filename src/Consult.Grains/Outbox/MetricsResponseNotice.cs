using Consult.Metrics;

namespace Consult.Outbox;

/// <summary>
/// The figures learn a department's response in the room: its first decision, then its own first
/// decision when the first was made for it (on its behalf, or deemed). Same slot as
/// <see cref="MetricsFirstDecisionNotice"/>, which entries stored before responses had kinds still use.
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.outbox.metrics-response")]
public sealed record MetricsResponseNotice(
    [property: Id(0)] string Department,
    [property: Id(1)] DateTimeOffset InvitedAt,
    [property: Id(2)] DateTimeOffset DecidedAt,
    [property: Id(3)] ResponseKind Kind) : OutboxEntry
{
    public override string Slot => "metrics/decision/" + Department;

    public override string Target => "metrics";
}
