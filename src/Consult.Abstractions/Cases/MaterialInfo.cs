namespace Consult.Cases;

/// <summary>A submitted material: stored once, content-addressed by its SHA-256.</summary>
[GenerateSerializer, Immutable, Alias("consult.material")]
public sealed record MaterialInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] long Size,
    [property: Id(2)] string Sha256,
    [property: Id(3)] string ContentType,
    [property: Id(4)] string UploadedBy,
    [property: Id(5)] DateTimeOffset UploadedAt);
