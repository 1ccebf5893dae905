using System.Security.Cryptography;
using System.Text;

namespace Consult.Cases;

public static class TrackingTokens
{
    /// <summary>192 random bits, URL-safe.</summary>
    public static string New() => Base64UrlEncode(RandomNumberGenerator.GetBytes(24));

    /// <summary>Length of a token made by <see cref="New"/>.</summary>
    public const int Length = 32;

    /// <summary>Whether <paramref name="token"/> could be one of ours: anything else is refused without asking a grain.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: Length } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static bool Matches(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
