namespace Consult.Rooms.Events;

/// <summary>Payload of <see cref="RoomEventTypes.MeetingLinkChanged"/>: the room's external meeting link is now <paramref name="MeetingLink"/> (null: none).</summary>
public sealed record MeetingLinkChanged(string? MeetingLink, string? Previous);
