using System.Collections.Immutable;

namespace Consult.Rooms;

/// <summary>
/// A department's current decision in a room. <see cref="Materials"/>: the versions of the case's
/// materials the room knew when it was cast; <see cref="Stale"/>: a newer version of one of them has
/// arrived since (computed, never stored), until the department casts again. <see cref="DecidedBy"/> is
/// the user name (<c>system</c> for a deemed consent); <see cref="DecidedByName"/> their display name
/// when they decided (null for the system, and for decisions stored before names were recorded).
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.decision")]
public sealed record DecisionView(
    [property: Id(0)] DecisionOutcome Outcome,
    [property: Id(1)] string? Comment,
    [property: Id(2)] ImmutableArray<string> Conditions,
    [property: Id(3)] string DecidedBy,
    [property: Id(4)] DateTimeOffset DecidedAt,
    [property: Id(5)] int Revision,
    [property: Id(6)] bool OnBehalf = false,
    [property: Id(7)] ImmutableArray<MaterialVersion> Materials = default,
    [property: Id(8)] bool Stale = false,
    [property: Id(9)] string? DecidedByName = null);
