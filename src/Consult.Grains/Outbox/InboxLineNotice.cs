using Consult.Departments;

namespace Consult.Outbox;

/// <summary>A department's inbox line for a room: <see cref="Line"/> upserted, or removed when null.</summary>
[GenerateSerializer, Immutable, Alias("consult.outbox.inbox-line")]
public sealed record InboxLineNotice(
    [property: Id(0)] string Department,
    [property: Id(1)] Invitation? Line) : OutboxEntry
{
    public override string Slot => Target;

    public override string Target => "inbox/" + Department;
}
