namespace Consult.Rooms.Events;

/// <summary>
/// Payload of <see cref="RoomEventTypes.CallLeft"/>: the event's actor left the call after
/// <paramref name="Seconds"/> since <paramref name="JoinedAt"/>. <paramref name="Reason"/>:
/// <c>left</c>, <c>disconnected</c> (the connection or its node went) or <c>roomClosed</c>.
/// </summary>
public sealed record CallLeft(string ConnectionId, string? Department, DateTimeOffset JoinedAt, long Seconds, string Reason);
