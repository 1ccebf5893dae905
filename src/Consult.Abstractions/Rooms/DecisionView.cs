using System.Collections.Immutable;

namespace Consult.Rooms;

/// <summary>A department's current decision in a room.</summary>
[GenerateSerializer, Immutable, Alias("consult.decision")]
public sealed record DecisionView(
    [property: Id(0)] DecisionOutcome Outcome,
    [property: Id(1)] string? Comment,
    [property: Id(2)] ImmutableArray<string> Conditions,
    [property: Id(3)] string DecidedBy,
    [property: Id(4)] DateTimeOffset DecidedAt,
    [property: Id(5)] int Revision,
    [property: Id(6)] bool OnBehalf = false);
