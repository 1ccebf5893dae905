namespace Consult.Rooms.Events;

/// <summary>Payload of <see cref="RoomEventTypes.RoomClosed"/>.</summary>
public sealed record RoomClosed(JointOutcome JointOutcome, string Statement, DateTimeOffset ClosedAt);
