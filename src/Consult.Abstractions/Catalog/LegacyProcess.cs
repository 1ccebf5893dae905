namespace Consult.Catalog;

/// <summary>
/// How the matter was processed before the reform, for the speed-up figure. <see cref="WorkingDays"/>
/// is the legacy time in working days where it is known so (a legal limit, "3 days" of office
/// visits): the speed-up then compares working time with working time.
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.legacy-process")]
public sealed record LegacyProcess(
    [property: Id(0)] int Departments,
    [property: Id(1)] int Minutes,
    [property: Id(2)] string? Note,
    [property: Id(3)] int? WorkingDays = null);
