using System.Text.Json;
using System.Text.Json.Serialization;

namespace Consult.Server.Realtime;

/// <summary>Reads a <see cref="HubId"/> without throwing: anything but a GUID string is an empty one.</summary>
internal sealed class HubIdConverter : JsonConverter<HubId>
{
    // Longer than any written form of a GUID ("X" is 68 characters).
    private const int MaxChars = 80;

    public override bool HandleNull => true;

    public override HubId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return default;
        }

        // A string's characters are never more than its UTF-8 bytes, escaped or not.
        var bytes = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (bytes > MaxChars)
            return reader.ValueIsEscaped && Guid.TryParse(reader.GetString(), out var escaped) ? new HubId(escaped) : default;
        Span<char> text = stackalloc char[MaxChars];
        var length = reader.CopyString(text);
        return Guid.TryParse(text[..length], out var id) ? new HubId(id) : default;
    }

    public override void Write(Utf8JsonWriter writer, HubId value, JsonSerializerOptions options) =>
        throw new NotSupportedException("A hub argument is only read.");
}
