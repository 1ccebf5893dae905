using Consult.Common;

namespace Consult.Catalog;

[GenerateSerializer, Immutable, Alias("consult.department")]
public sealed record Department(
    [property: Id(0)] string Code,
    [property: Id(1)] LocalizedText Name,
    [property: Id(2)] bool Retired = false);
