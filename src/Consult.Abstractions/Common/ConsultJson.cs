using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Consult.Common;

/// <summary>
/// The JSON shape of the public contract: camelCase, enums as camelCase strings, Chinese (any
/// letter) written as is rather than as <c>\uXXXX</c>. HTML-sensitive characters stay escaped.
/// </summary>
/// <remarks>
/// Written as is, a Chinese character is 3 bytes of UTF-8 instead of 6 (and 2 bytes of a .NET
/// string instead of 12), in every event a room stores with its state and sends to each member.
/// Readers parse either form, so events stored escaped before read the same.
/// </remarks>
public static class ConsultJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Applies the contract's settings to <paramref name="options"/> (e.g. the host's).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new ImmutableArrayJsonConverter());
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        return options;
    }
}
