using System.Collections.Immutable;

namespace Consult.Users;

[GenerateSerializer, Immutable, Alias("consult.user")]
public sealed record UserRecord(
    [property: Id(0)] string UserName,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] string Role,
    [property: Id(3)] string? Department,
    [property: Id(4)] string PasswordHash,
    [property: Id(5)] bool Disabled = false)
{
    /// <summary>Signed-out UI sessions (session id → when its cookie would have expired anyway).</summary>
    [Id(6)]
    public ImmutableDictionary<string, DateTimeOffset> RevokedSessions { get; init; } = ImmutableDictionary<string, DateTimeOffset>.Empty;

    /// <summary>The person's mobile number for notifications (DingTalk @-mentions when their settings list none); null when not given.</summary>
    [Id(7)]
    public string? Phone { get; init; }

    /// <summary>Set by an administrator's password reset: the account signs in only to choose a new password, and its sessions end.</summary>
    [Id(8)]
    public bool MustChangePassword { get; init; }

    /// <summary>Whether the account's tokens, cookies and connections are refused (disabled, or waiting for a new password).</summary>
    public bool IsBlocked => Disabled || MustChangePassword;

    public bool IsRevoked(string? sessionId) => sessionId is null || (RevokedSessions ?? ImmutableDictionary<string, DateTimeOffset>.Empty).ContainsKey(sessionId);
}
