using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Consult.Common;

/// <summary>
/// Writes a default (uninitialised) <see cref="ImmutableArray{T}"/> as <c>[]</c>: a member added to a
/// stored type later (a decision's material versions) reads back as default, and is empty, not an error.
/// </summary>
public sealed class ImmutableArrayJsonConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(ImmutableArray<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class Converter<T> : JsonConverter<ImmutableArray<T>>
    {
        public override ImmutableArray<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? default : [.. JsonSerializer.Deserialize<List<T>>(ref reader, options) ?? []];

        // As the array's memory (the serializer writes ReadOnlyMemory<T> as an array, except bytes, which
        // it writes as base64): no boxing into an IEnumerable<T>, one serializer call per array.
        public override void Write(Utf8JsonWriter writer, ImmutableArray<T> value, JsonSerializerOptions options)
        {
            if (typeof(T) == typeof(byte))
                JsonSerializer.Serialize(writer, value.IsDefault ? [] : (IEnumerable<T>)value, options);
            else
                JsonSerializer.Serialize(writer, value.IsDefault ? ReadOnlyMemory<T>.Empty : value.AsMemory(), options);
        }
    }
}
