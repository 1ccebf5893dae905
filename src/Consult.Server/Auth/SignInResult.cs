using Consult.Users;

namespace Consult.Server.Auth;

/// <summary>What a sign-in attempt came to.</summary>
public sealed record SignInResult(UserRecord? User, TimeSpan? RetryAfter)
{
    public static readonly SignInResult Failed = new(null, null);

    public static SignInResult Success(UserRecord user) => new(user, null);

    public static SignInResult Locked(TimeSpan retryAfter) => new(null, retryAfter);
}
