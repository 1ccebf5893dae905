namespace Consult.Outbox;

/// <summary>The case learns that its room closed, with the room's final snapshot (its outcome decides the case's status).</summary>
[GenerateSerializer, Immutable, Alias("consult.outbox.case-room-closed")]
public sealed record CaseRoomClosedNotice : OutboxEntry
{
    public override string Slot => "case/closed";

    public override string Target => CaseRoomProgressNotice.Receiver;
}
