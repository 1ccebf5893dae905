using System.Security.Cryptography;
using System.Text;

namespace Consult.Cases;

public static class TrackingTokens
{
    /// <summary>192 random bits, URL-safe.</summary>
    public static string New() => Base64UrlEncode(RandomNumberGenerator.GetBytes(24));

    public static bool Matches(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
