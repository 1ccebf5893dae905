namespace Consult.Catalog;

/// <summary>How the matter was processed before the reform, for the speed-up figure.</summary>
[GenerateSerializer, Immutable, Alias("consult.legacy-process")]
public sealed record LegacyProcess(
    [property: Id(0)] int Departments,
    [property: Id(1)] int Minutes,
    [property: Id(2)] string? Note);
