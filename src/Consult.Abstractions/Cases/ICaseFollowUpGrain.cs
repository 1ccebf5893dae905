using System.Collections.Immutable;
using Consult.Common;

namespace Consult.Cases;

/// <summary>
/// A case's follow-through (现场落实): the tasks its conditions became at close. Implemented by
/// the case grain itself (same key, same activation as <see cref="ICaseGrain"/>), so tasks and
/// the case's status change in one write.
/// </summary>
[Alias("consult.case-follow-up")]
public interface ICaseFollowUpGrain : IGrainWithGuidKey
{
    /// <summary>The case's tasks, for whoever may read the case.</summary>
    [Alias("tasks")]
    Task<ImmutableArray<FollowUpTask>> Tasks(Actor actor);

    /// <summary>
    /// Throws what <see cref="MarkDone"/> would for who is asking (<c>not_found</c>, <c>forbidden</c>,
    /// <c>conflict</c>): checked before a photo is stored.
    /// </summary>
    [Alias("can-mark-done")]
    Task EnsureCanMarkDone(Actor actor, int taskId);

    /// <summary>
    /// A representative of the task's department marks it done with a note and an optional
    /// material; twice is a <c>conflict</c>. The last task done completes a decided case.
    /// </summary>
    [Alias("mark-done")]
    Task<FollowUpTask> MarkDone(Actor actor, int taskId, string? note, MaterialInfo? material);

    /// <summary>
    /// The window completes a decided case by hand; with tasks still open, a reason is required
    /// (and the open tasks leave the supervision lists).
    /// </summary>
    [Alias("complete")]
    Task<CaseView> Complete(Actor actor, string? reason);
}
