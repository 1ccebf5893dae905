using System.Collections.Immutable;
using Consult.Common;

namespace Consult.Catalog;

/// <summary>A catalogue entry: what a case is about, and how its consultation runs.</summary>
/// <param name="TimeLimitMinutes">The consultation room's time limit (the centre's target, not the law's).</param>
/// <param name="LegalLimitWorkingDays">
/// The statutory time limit of the permit, in working days from acceptance (行政许可法 Art. 42: 20,
/// extendable by 10); counted with <see cref="Calendar.WorkingCalendar"/>.
/// </param>
/// <param name="Stages">
/// Empty for a matter decided in one consultation; otherwise the stages in order, each with its
/// own seats, rule and limit (<see cref="Departments"/> then lists every department of the matter).
/// </param>
/// <param name="Version">
/// 1 for a matter as first shipped (or the file's <c>version</c> of it); each administrator's save
/// makes the next. A case and its rooms keep the version the case was registered with.
/// </param>
[GenerateSerializer, Immutable, Alias("consult.matter")]
public sealed record Matter(
    [property: Id(0)] string Code,
    [property: Id(1)] LocalizedText Name,
    [property: Id(2)] ImmutableArray<DefaultSeat> Departments,
    [property: Id(3)] JointRuleKind Rule,
    [property: Id(4)] int TimeLimitMinutes,
    [property: Id(5)] ImmutableArray<LocalizedText> Materials,
    [property: Id(6)] LegacyProcess Legacy,
    [property: Id(7)] string? LegalBasis,
    [property: Id(8)] int LegalLimitWorkingDays,
    [property: Id(9)] ImmutableArray<MatterStage> Stages = default,
    [property: Id(10)] int Version = 1)
{
    public bool IsStaged => !Stages.IsDefaultOrEmpty;
}
