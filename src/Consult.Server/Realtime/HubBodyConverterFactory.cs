using System.Text.Json;
using System.Text.Json.Serialization;
using Consult.Common;

namespace Consult.Server.Realtime;

/// <summary>Makes the reader of each <see cref="HubBody{T}"/>.</summary>
internal sealed class HubBodyConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(HubBody<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Reader<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    /// <summary>Reads without throwing: what could not be read is kept for <see cref="HubBody{T}.Require"/>.</summary>
    private sealed class Reader<T> : JsonConverter<HubBody<T>>
        where T : class
    {
        public override bool HandleNull => true;

        public override HubBody<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return HubBody<T>.NotAnObject();
            }

            // The whole message is in the buffer (SignalR reads it complete): a failed read starts
            // again from the object's start and skips it, so the arguments after it still bind.
            var start = reader;
            try
            {
                return HubBody<T>.Read(JsonSerializer.Deserialize<T>(ref reader, ConsultJson.Options));
            }
            catch (JsonException e)
            {
                reader = start;
                reader.Skip();
                return HubBody<T>.Malformed(string.IsNullOrEmpty(e.Path) ? "$" : e.Path);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                reader = start;
                reader.Skip();
                return HubBody<T>.Failed(e);
            }
        }

        public override void Write(Utf8JsonWriter writer, HubBody<T> value, JsonSerializerOptions options) =>
            throw new NotSupportedException("A hub argument is only read.");
    }
}
