using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Consult.Common;

namespace Consult.Records;

/// <summary>
/// The hash rule: a record's canonical text is its JSON in the contract's shape (camelCase,
/// enums as camelCase strings, times ISO-8601 UTC), members in declared order, no whitespace,
/// Chinese written as is; its hash is the lowercase hex SHA-256 of that text's UTF-8 bytes.
/// </summary>
public static class JointRecordHash
{
    public static readonly JsonSerializerOptions Canonical = new(ConsultJson.Options)
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static SealedRecord Seal(JointRecord record)
    {
        var json = JsonSerializer.Serialize(record, Canonical);
        return new SealedRecord(record.RoomId, Of(json), json, record.CaseNumber, record.JointOutcome, record.ClosedAt);
    }

    public static JointRecord Read(SealedRecord sealedRecord) =>
        JsonSerializer.Deserialize<JointRecord>(sealedRecord.Json, Canonical)
        ?? throw new JsonException($"The record of room {sealedRecord.RoomId} is empty.");

    public static string Of(string canonicalJson) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson)));

    /// <summary>64 lowercase hex digits: the only form a record's hash is looked up by.</summary>
    public static bool IsWellFormed(string? sha256) =>
        sha256 is { Length: 64 } && sha256.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
