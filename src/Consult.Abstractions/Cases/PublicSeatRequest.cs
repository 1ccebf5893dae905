using System.Collections.Immutable;

namespace Consult.Cases;

/// <summary>
/// What a department's current decision asks of the applicant, as the tracking link shows it while
/// the room is still open (and after): the materials it asks for, one item per line it wrote, or the
/// conditions it sets. A department may still revise it until the room closes.
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.public-seat-request")]
public sealed record PublicSeatRequest(
    [property: Id(0)] PublicRequestKind Kind,
    [property: Id(1)] ImmutableArray<string> Items);

public enum PublicRequestKind
{
    /// <summary>The department asks for more or corrected materials (its decision: <c>requestSupplement</c>).</summary>
    Supplement,

    /// <summary>The department agrees on conditions (its decision: <c>approveWithConditions</c>).</summary>
    Conditions,
}
