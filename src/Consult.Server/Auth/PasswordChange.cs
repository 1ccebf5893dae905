using Consult.Common;

namespace Consult.Server.Auth;

/// <summary>
/// A person chooses a new password by proving the current one (the temporary one after an
/// administrator's reset): checked like a sign-in (same lock after repeated failures, same answer
/// for an unknown user and a wrong password), but also for an account waiting for its new password.
/// </summary>
public sealed class PasswordChange(SignInService signIn, UserService users)
{
    public async Task<SignInResult> Change(string? userName, string? currentPassword, string? newPassword)
    {
        UserService.RequirePassword(newPassword);
        if (newPassword == currentPassword)
            throw ConsultException.InvalidInput("The new password must differ from the current one.");
        var result = await signIn.SignIn(userName, currentPassword);
        if (result.RetryAfter is not null)
            return result;
        var user = result.User ?? throw new ConsultException(ErrorCodes.Unauthorized, "Unknown user name or wrong password.");
        await users.SetPassword(user.UserName, newPassword!, mustChange: false);
        return SignInResult.Success(await users.Find(user.UserName, fresh: true) ?? user);
    }
}
