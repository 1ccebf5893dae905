using Consult.Server.Auth;

namespace Consult.Server.Ui;

/// <summary>
/// Display names of people by user name, for what shows who is here now (presence) rather than who
/// did something (that carries the name recorded when it happened).
/// </summary>
public interface IPeopleDirectory
{
    /// <summary>The person's display name now; the user name when there is no such account.</summary>
    Task<string> DisplayName(string userName);
}

/// <summary>The accounts as <see cref="UserService"/> reads them (kept in memory for a moment).</summary>
public sealed class PeopleDirectory(UserService users) : IPeopleDirectory
{
    public async Task<string> DisplayName(string userName) =>
        await users.Find(userName) is { DisplayName: { Length: > 0 } name } ? name : userName;
}
