using System.Collections.Immutable;

namespace Consult.Rooms;

/// <summary>
/// A department's decision as a caller sends it. <see cref="OnBehalf"/>: the convener (or a
/// manager) records it for the department after a phone call; the log marks it so, and the
/// department confirms by casting it itself.
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.decision-input")]
public sealed record DecisionInput(
    [property: Id(0)] string Department,
    [property: Id(1)] DecisionOutcome Outcome,
    [property: Id(4)] string IdempotencyKey,
    [property: Id(2)] string? Comment = null,
    [property: Id(3)] ImmutableArray<string>? Conditions = null,
    [property: Id(5)] bool OnBehalf = false);
