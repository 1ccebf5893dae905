namespace Consult.Rooms.Events;

/// <summary>Payload of <see cref="RoomEventTypes.DeadlineExtended"/>.</summary>
public sealed record DeadlineExtended(DateTimeOffset Previous, DateTimeOffset Deadline, string Reason);
