namespace Consult.Cases;

/// <summary>A material as the applicant sees it: its name and latest version, no file or uploader.</summary>
[GenerateSerializer, Immutable, Alias("consult.public-material")]
public sealed record PublicMaterial(
    [property: Id(0)] string Name,
    [property: Id(1)] int Version,
    [property: Id(2)] DateTimeOffset UploadedAt);
