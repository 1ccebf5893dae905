using System.Security.Cryptography;
using System.Text;

namespace Consult.Common;

/// <summary>
/// The <c>Idempotency-Key</c> a client sends with a command it may retry: checked the same way
/// wherever it arrives, and turned into the id of what the command creates, so a retry reaches the
/// same grain (which serialises the two attempts and answers the first result).
/// </summary>
public static class IdempotencyKeys
{
    public const int MaxLength = 128;

    /// <summary>1 to <see cref="MaxLength"/> visible ASCII characters (no spaces, no control characters).</summary>
    public static bool IsValid(string? key) =>
        key is { Length: > 0 and <= MaxLength } && key.All(c => c is > ' ' and <= '~');

    /// <summary>Throws <c>invalid_input</c> unless <paramref name="key"/> is null or valid.</summary>
    public static void EnsureValid(string? key)
    {
        if (key is not null && !IsValid(key))
            throw ConsultException.InvalidInput($"Idempotency-Key must be 1 to {MaxLength} visible ASCII characters.");
    }

    /// <summary>
    /// The case registered by <paramref name="userName"/> under <paramref name="key"/>: a name-based
    /// GUID (RFC 9562 version 8, from SHA-256), the same on every node and after every restart.
    /// </summary>
    public static Guid CaseId(string userName, string key) => NameBased("consult-case", userName, key);

    private static Guid NameBased(string scope, string userName, string key)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        // Lengths first, so no two (user, key) pairs spell the same input.
        SHA256.HashData(Encoding.UTF8.GetBytes($"{scope}\n{userName.Length}:{userName}\n{key.Length}:{key}"), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
