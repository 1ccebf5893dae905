namespace Consult.Users;

[GenerateSerializer, Immutable, Alias("consult.user")]
public sealed record UserRecord(
    [property: Id(0)] string UserName,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string Role,
    [property: Id(3)] string? Department,
    [property: Id(4)] string PasswordHash,
    [property: Id(5)] bool Disabled = false);
