namespace Consult.Rooms.Events;

/// <summary>Payload of <see cref="RoomEventTypes.Started"/>: the scheduled room opened; its limit counts from <paramref name="StartedAt"/>.</summary>
public sealed record Started(DateTimeOffset StartedAt, DateTimeOffset Deadline);
