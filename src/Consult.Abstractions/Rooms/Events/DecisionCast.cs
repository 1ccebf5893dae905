using System.Collections.Immutable;

namespace Consult.Rooms.Events;

/// <summary>Payload of <see cref="RoomEventTypes.DecisionCast"/>; the event's actor is who decided, <c>materials</c> the versions it was cast on.</summary>
public sealed record DecisionCast(
    string Department,
    DecisionOutcome Outcome,
    string? Comment,
    ImmutableArray<string> Conditions,
    int Revision,
    bool OnBehalf,
    SeatStatus Status,
    JointOutcome JointOutcome,
    ImmutableArray<MaterialVersion> Materials = default);
