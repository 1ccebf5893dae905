namespace Consult.Cases;

/// <summary>An open follow-up task as the cross-case index keeps it: for a department's list and the supervision of overdue tasks.</summary>
[GenerateSerializer, Immutable, Alias("consult.open-follow-up")]
public sealed record OpenFollowUp(
    [property: Id(0)] Guid CaseId,
    [property: Id(1)] string CaseNumber,
    [property: Id(2)] int TaskId,
    [property: Id(3)] string Department,
    [property: Id(4)] string Text,
    [property: Id(5)] DateOnly Due);
