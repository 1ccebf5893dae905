namespace Consult.Outbox;

/// <summary>The case learns that a department was seated in one of its rooms (it may read the case from then on).</summary>
[GenerateSerializer, Immutable, Alias("consult.outbox.case-department-invited")]
public sealed record CaseDepartmentInvitedNotice([property: Id(0)] string Department) : OutboxEntry
{
    public override string Slot => "case/invited/" + Department;

    public override string Target => CaseRoomProgressNotice.Receiver;
}
