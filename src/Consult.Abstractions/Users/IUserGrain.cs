namespace Consult.Users;

/// <summary>One sign-in account (key: user name, lower case).</summary>
[Alias("consult.user-grain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the account; false when it exists already (nothing changes).</summary>
    [Alias("create")]
    Task<bool> Create(UserRecord user);

    [Alias("get")]
    Task<UserRecord?> Get();

    /// <summary>Disables the account: its tokens and connections stop working on their next request or call.</summary>
    [Alias("disable")]
    Task<bool> Disable();

    /// <summary>Refuses the UI session <paramref name="sessionId"/> from now on; kept until <paramref name="until"/>, when its cookie expires anyway.</summary>
    [Alias("revoke-session")]
    Task RevokeSession(string sessionId, DateTimeOffset until);
}
