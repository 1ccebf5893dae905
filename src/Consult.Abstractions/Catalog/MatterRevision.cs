namespace Consult.Catalog;

/// <summary>
/// One version of a matter as it was saved: by an administrator (<see cref="SavedBy"/>, their
/// display name in <see cref="SavedByName"/>), or shipped in the catalogue file (both null, and
/// <see cref="SavedAt"/> is when this catalogue first held it).
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.matter-revision")]
public sealed record MatterRevision(
    [property: Id(0)] Matter Matter,
    [property: Id(1)] DateTimeOffset SavedAt,
    [property: Id(2)] string? SavedBy,
    [property: Id(3)] string? SavedByName)
{
    public int Version => Matter.Version;
}
