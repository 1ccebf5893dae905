namespace Consult.Rooms.Events;

/// <summary>Payload of <see cref="RoomEventTypes.ApplicantCallAllowed"/>: whether the applicant may join the room's call from now on.</summary>
public sealed record ApplicantCallAllowed(bool Allowed);
