namespace Consult.Common;

/// <summary>
/// A refusal by a domain rule. Crosses grain boundaries intact, so the host maps
/// <see cref="Code"/> to a problem-details status or a HubException message.
/// </summary>
[GenerateSerializer, Alias("consult.error")]
public sealed class ConsultException : Exception
{
    public ConsultException(string code, string message) : base(message) => Code = code;

    [Id(0)]
    public string Code { get; }

    public static ConsultException InvalidInput(string message) => new(ErrorCodes.InvalidInput, message);
    public static ConsultException NotFound(string message) => new(ErrorCodes.NotFound, message);
    public static ConsultException Forbidden(string message) => new(ErrorCodes.Forbidden, message);
    public static ConsultException RoomClosed(string message) => new(ErrorCodes.RoomClosed, message);
    public static ConsultException NotInvited(string message) => new(ErrorCodes.NotInvited, message);
    public static ConsultException Conflict(string message) => new(ErrorCodes.Conflict, message);
}
