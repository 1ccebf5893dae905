using System.Collections.Immutable;
using Consult.Rooms;

namespace Consult.Cases;

/// <summary>
/// A department's progress as the applicant sees it: decided or not while the room is open,
/// the outcome and its conditions once closed; and, open or closed, what it asks of the applicant
/// (<see cref="Request"/>: a supplement or conditions), null when it asks nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.public-seat")]
public sealed record PublicSeatProgress(
    [property: Id(0)] string Department,
    [property: Id(1)] SeatRole Role,
    [property: Id(2)] bool Decided,
    [property: Id(3)] DecisionOutcome? Outcome,
    [property: Id(4)] ImmutableArray<string> Conditions,
    [property: Id(5)] PublicSeatRequest? Request = null);
