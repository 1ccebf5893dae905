using System.Collections.Immutable;
using Consult.Common;

namespace Consult.Catalog;

/// <summary>
/// One stage of a staged matter (e.g. the school-bus permit, 校车安全管理条例 Art. 15): its own
/// seats and rule, and its limit in working days counted from the day the stage starts. A case
/// moves to the next stage when the stage's room closes approved.
/// </summary>
/// <param name="LimitWorkingDays">Null when the regulation sets none for the stage (then only the statutory limit holds).</param>
[GenerateSerializer, Immutable, Alias("consult.matter-stage")]
public sealed record MatterStage(
    [property: Id(0)] string Code,
    [property: Id(1)] LocalizedText Name,
    [property: Id(2)] ImmutableArray<DefaultSeat> Departments,
    [property: Id(3)] JointRuleKind Rule,
    [property: Id(4)] int? LimitWorkingDays);
