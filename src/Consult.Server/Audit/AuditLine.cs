namespace Consult.Server.Audit;

/// <summary>
/// One line of a case's audit export: a timeline entry of the case (<see cref="Source"/>
/// <c>timeline</c>) or an event of one of its rooms (<c>room</c>, with <see cref="RoomId"/>,
/// <see cref="Seq"/> and the event's JSON <see cref="Payload"/>). <see cref="Actor"/> is the user name,
/// <see cref="ActorName"/> the display name recorded with the action (null for the system and for older steps).
/// </summary>
public sealed record AuditLine(
    string Source,
    DateTimeOffset At,
    string CaseNumber,
    Guid? RoomId,
    long? Seq,
    string Type,
    string Actor,
    string? Detail,
    string? Payload,
    string? ActorName = null);
