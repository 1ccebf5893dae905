namespace Consult.Server.Auth;

/// <summary>User names: letters (any script), digits, '.', '_', '-' and '@', compared in lower case.</summary>
public static class UserNames
{
    public const int MaxLength = 64;

    public static string Key(string userName) => userName.Trim().ToLowerInvariant();

    /// <summary>The refusal for a new user name, or null.</summary>
    public static string? Problem(string? userName)
    {
        if (string.IsNullOrWhiteSpace(userName))
            return "userName is required.";
        var name = userName.Trim();
        if (name.Length > MaxLength)
            return $"userName is at most {MaxLength} characters.";
        return name.All(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '-' or '@')
            ? null
            : "userName may hold only letters, digits, '.', '_', '-' and '@'.";
    }
}
