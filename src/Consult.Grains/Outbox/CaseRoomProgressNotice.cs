namespace Consult.Outbox;

/// <summary>
/// The case is sent the room's snapshot as it is when delivered (its seats, deadline, outcome so
/// far), one-way: delivered once sent; the case ignores a snapshot older than one it has.
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.outbox.case-room-progress")]
public sealed record CaseRoomProgressNotice : OutboxEntry
{
    /// <summary>The target of every entry to the room's case.</summary>
    public const string Receiver = "case";

    public override string Slot => "case/progress";

    public override string Target => Receiver;
}
