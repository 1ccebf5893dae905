using System.Collections.Immutable;

namespace Consult.Metrics;

/// <summary>
/// The ratings (好差评) given in the period: how many, their average, how many poor (不满意 or worse),
/// how many of each score (<see cref="CountByScore"/>[0] is score 1, [4] score 5), and the same per
/// matter, per convener and per department seated in the rated case's rooms.
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.metrics.ratings")]
public sealed record RatingFigures(
    [property: Id(0)] int Count,
    [property: Id(1)] double? Average,
    [property: Id(2)] int Poor,
    [property: Id(3)] ImmutableArray<int> CountByScore,
    [property: Id(4)] ImmutableArray<RatingGroup> Matters,
    [property: Id(5)] ImmutableArray<RatingGroup> Conveners,
    [property: Id(6)] ImmutableArray<RatingGroup> Departments);

/// <summary>The ratings of one matter, convener (user name, with <see cref="Name"/>) or department.</summary>
[GenerateSerializer, Immutable, Alias("consult.metrics.rating-group")]
public sealed record RatingGroup(
    [property: Id(0)] string Key,
    [property: Id(1)] int Count,
    [property: Id(2)] double Average,
    [property: Id(3)] int Poor,
    [property: Id(4)] string? Name = null);
