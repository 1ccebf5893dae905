namespace Consult.Server.Audit;

/// <summary>
/// One line of a case's audit export: a timeline entry of the case (<see cref="Source"/>
/// <c>timeline</c>) or an event of one of its rooms (<c>room</c>, with <see cref="RoomId"/>,
/// <see cref="Seq"/> and the event's JSON <see cref="Payload"/>).
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
    string? Payload);
