namespace Consult.Cases;

/// <summary>The room an idempotency key opened, and the request (without its key) that opened it.</summary>
[GenerateSerializer, Alias("consult.case-grain.opened-room")]
public sealed class OpenedRoom
{
    [Id(0)] public Guid RoomId { get; set; }
    [Id(1)] public string Request { get; set; } = "";
}
