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

    /// <summary>Enables a disabled account again; false when there is no such account or it was not disabled.</summary>
    [Alias("enable")]
    Task<bool> Enable();

    /// <summary>Changes who the account is (name, phone, role, department); null when there is no such account.</summary>
    [Alias("edit")]
    Task<UserRecord?> Edit(string displayName, string? phone, string role, string? department);

    /// <summary>Sets the password hash; <paramref name="mustChange"/> is an administrator's reset (changed at the next sign-in). False when there is no such account.</summary>
    [Alias("set-password")]
    Task<bool> SetPassword(string passwordHash, bool mustChange);

    /// <summary>Refuses the UI session <paramref name="sessionId"/> from now on; kept until <paramref name="until"/>, when its cookie expires anyway.</summary>
    [Alias("revoke-session")]
    Task RevokeSession(string sessionId, DateTimeOffset until);
}
