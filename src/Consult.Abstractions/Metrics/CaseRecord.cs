using System.Collections.Immutable;
using Consult.Cases;

namespace Consult.Metrics;

/// <summary>
/// One case as the figures keep it, in the bucket of the month it was registered (by case id). The
/// case sends the whole line again whenever a part of it changes; the newest line replaces the last.
/// </summary>
/// <param name="StatutoryDue">The last working day of its statutory limit (as its clock says now); null without a clock.</param>
/// <param name="ConcludedAt">When the clock stopped (decided or withdrawn); null while the case is undecided.</param>
/// <param name="ConcludedOn">That day in the centre's time zone, compared with <paramref name="StatutoryDue"/>.</param>
/// <param name="Supplements">How many times a supplement was asked of the applicant (一次性告知).</param>
[GenerateSerializer, Immutable, Alias("consult.metrics.case")]
public sealed record CaseRecord(
    [property: Id(0)] Guid CaseId,
    [property: Id(1)] string CaseNumber,
    [property: Id(2)] string MatterCode,
    [property: Id(3)] DateTimeOffset RegisteredAt,
    [property: Id(4)] CaseStatus Status,
    [property: Id(5)] DateOnly? StatutoryDue,
    [property: Id(6)] DateTimeOffset? ConcludedAt,
    [property: Id(7)] DateOnly? ConcludedOn,
    [property: Id(8)] int Supplements,
    [property: Id(9)] ImmutableArray<TaskRecord> Tasks)
{
    /// <summary>Decided (or completed) rather than withdrawn: only these are within or past the statutory limit.</summary>
    public bool Decided => Status is CaseStatus.Decided or CaseStatus.Completed && ConcludedOn is not null;

    /// <summary>The same line: compares the tasks by value (an array's equality is by reference).</summary>
    public bool SameAs(CaseRecord? other) =>
        other is not null && this with { Tasks = [] } == other with { Tasks = [] }
        && (Tasks.IsDefault ? [] : Tasks).SequenceEqual(other.Tasks.IsDefault ? [] : other.Tasks);
}

/// <summary>A follow-up task (现场落实) as the figures keep it: overdue from the day after <see cref="Due"/> while not done.</summary>
[GenerateSerializer, Immutable, Alias("consult.metrics.task")]
public sealed record TaskRecord(
    [property: Id(0)] int TaskId,
    [property: Id(1)] string Department,
    [property: Id(2)] DateOnly Due,
    [property: Id(3)] DateTimeOffset? DoneAt);

/// <summary>Whose decision a department's response was: only its own counts as its response.</summary>
public enum ResponseKind
{
    /// <summary>The department decided itself (or confirmed what was recorded for it).</summary>
    Own,
    /// <summary>The convener recorded it on the department's behalf; not yet confirmed by the department.</summary>
    OnBehalf,
    /// <summary>Silence past the deadline taken as consent (超时默许): no response at all.</summary>
    Deemed,
}
