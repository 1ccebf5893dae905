using System.Collections.Immutable;

namespace Consult.Rooms;

/// <summary>The part of a seat the joint rule reads.</summary>
public readonly record struct SeatTally(string Department, SeatRole Role, DecisionOutcome? Outcome, ImmutableArray<string> Conditions)
{
    public static SeatTally From(SeatView seat) =>
        new(seat.Department, seat.Role, seat.Decision?.Outcome, seat.Decision?.Conditions ?? []);
}
