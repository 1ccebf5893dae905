using System.Text.Json;
using Consult.Common;

namespace Consult.Server.Realtime;

/// <summary>
/// Hub arguments arrive as JSON and are read here, so that a wrong type is an <c>invalid_input</c>
/// refusal like any other: when SignalR itself cannot bind an argument, it answers with a fixed
/// message that carries no code. The methods on every decision's and message's path take
/// <see cref="HubId"/> and <see cref="HubBody{T}"/> instead, read in place with the same refusals.
/// </summary>
public static class HubArguments
{
    public static Guid Id(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.String && Guid.TryParse(value.GetString(), out var id)
            ? id
            : throw NotAnId(name);

    public static long Number(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw ConsultException.InvalidInput($"{name} must be a whole number.");

    public static bool Flag(JsonElement value, string name) =>
        value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : throw ConsultException.InvalidInput($"{name} must be true or false.");

    public static string Text(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw ConsultException.InvalidInput($"{name} must be a string.");

    public static T Body<T>(JsonElement value, string name)
        where T : class
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw NotAnObject(name);
        try
        {
            return value.Deserialize<T>(ConsultJson.Options) ?? throw Missing(name);
        }
        catch (JsonException e)
        {
            throw Malformed(name, e.Path);
        }
    }

    internal static ConsultException NotAnId(string name) => ConsultException.InvalidInput($"{name} must be an id (a GUID string).");

    internal static ConsultException NotAnObject(string name) => ConsultException.InvalidInput($"{name} must be a JSON object.");

    internal static ConsultException Missing(string name) => ConsultException.InvalidInput($"{name} is required.");

    /// <summary>An object that did not read as the type: <paramref name="path"/> is where (empty or <c>$</c>: the object as a whole).</summary>
    internal static ConsultException Malformed(string name, string? path) =>
        ConsultException.InvalidInput(string.IsNullOrEmpty(path) || path == "$"
            ? $"{name} lacks required fields or is not of the expected shape."
            : $"{name}: the value at '{path}' is missing, of the wrong type or not one of the allowed values.");
}
