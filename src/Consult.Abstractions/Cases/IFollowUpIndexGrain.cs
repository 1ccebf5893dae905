using System.Collections.Immutable;

namespace Consult.Cases;

/// <summary>
/// The open follow-up tasks of every case, one index per cluster (key 0), fed by the cases'
/// outboxes: a department's to-do list and the supervision list of overdue tasks, without
/// visiting every case.
/// </summary>
[Alias("consult.follow-up-index-grain")]
public interface IFollowUpIndexGrain : IGrainWithIntegerKey
{
    /// <summary>The case's open tasks are now <paramref name="open"/> (empty: none); a repeat changes nothing.</summary>
    [Alias("set")]
    Task Set(Guid caseId, ImmutableArray<OpenFollowUp> open);

    /// <summary>The open tasks, of one department or (null) of all, earliest due first.</summary>
    [Alias("open")]
    Task<ImmutableArray<OpenFollowUp>> Open(string? department);

    /// <summary>The open tasks past their due day in the centre's calendar (read now: due yesterday or before), earliest first.</summary>
    [Alias("overdue")]
    Task<ImmutableArray<OpenFollowUp>> Overdue();
}
