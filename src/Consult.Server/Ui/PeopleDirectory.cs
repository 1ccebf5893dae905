using Consult.Server.Auth;

namespace Consult.Server.Ui;

/// <summary>
/// Display names of people by user name, for what shows who is here now (presence) rather than who
/// did something (that carries the name recorded when it happened). Reads the accounts through
/// <see cref="UserService"/>, which keeps them in memory for a moment.
/// </summary>
public sealed class PeopleDirectory(UserService users)
{
    /// <summary>The person's display name now; the user name when there is no such account.</summary>
    public async Task<string> DisplayName(string userName) =>
        await users.Find(userName) is { DisplayName: { Length: > 0 } name } ? name : userName;
}
