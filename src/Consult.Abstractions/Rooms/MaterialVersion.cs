namespace Consult.Rooms;

/// <summary>
/// One version of a named material of a case (<c>申请书</c> v2): what a decision was cast on, and what
/// a room knows to be the latest.
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.material-version")]
public sealed record MaterialVersion(
    [property: Id(0)] string Name,
    [property: Id(1)] int Version,
    [property: Id(2)] string Sha256);
