namespace Consult.Cases;

/// <summary>
/// A version of a submitted material, stored once, content-addressed by its SHA-256.
/// <see cref="Name"/>: the material's name (the matter's required material it matches, else the file
/// name); each new file under a name is its next <see cref="Version"/>. <see cref="FileName"/>: the
/// file's own name, as uploaded.
/// </summary>
[GenerateSerializer, Immutable, Alias("consult.material")]
public sealed record MaterialInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] long Size,
    [property: Id(2)] string Sha256,
    [property: Id(3)] string ContentType,
    [property: Id(4)] string UploadedBy,
    [property: Id(5)] DateTimeOffset UploadedAt,
    [property: Id(6)] int Version = 1,
    [property: Id(7)] string? FileName = null);
