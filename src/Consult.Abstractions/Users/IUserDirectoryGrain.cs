using System.Collections.Immutable;

namespace Consult.Users;

/// <summary>
/// The list of accounts for the administrators (key 0): each user grain reports its account here
/// after every change, and once when it first wakes after this list existed, so accounts made
/// before it appear as soon as they are used.
/// </summary>
[Alias("consult.user-directory-grain")]
public interface IUserDirectoryGrain : IGrainWithIntegerKey
{
    [Alias("upsert")]
    Task Upsert(UserSummary user);

    [Alias("list")]
    Task<ImmutableArray<UserSummary>> List();
}

/// <summary>An account as the administrators' list shows it (no password hash, no sessions).</summary>
[GenerateSerializer, Immutable, Alias("consult.user-summary")]
public sealed record UserSummary(
    [property: Id(0)] string UserName,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string Role,
    [property: Id(3)] string? Department,
    [property: Id(4)] string? Phone,
    [property: Id(5)] bool Disabled,
    [property: Id(6)] bool MustChangePassword)
{
    public static UserSummary Of(UserRecord user) =>
        new(user.UserName, user.DisplayName, user.Role, user.Department, user.Phone, user.Disabled, user.MustChangePassword);
}
