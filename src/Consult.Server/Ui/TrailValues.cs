using System.Globalization;
using System.Text.Json.Nodes;
using Consult.Catalog;
using Microsoft.Extensions.Localization;

namespace Consult.Server.Ui;

/// <summary>
/// A value of the administration trail as people read it: a list of seats as "公安交警 · 必选",
/// a name or material in the reader's language, an object as its fields; plain values as they are.
/// </summary>
public static class TrailValues
{
    /// <summary>Fields the trail leaves out: derived from the others.</summary>
    public static bool Hidden(string field) => field is "isStaged";

    public static string Readable(string field, string? value, CatalogSnapshot? catalog, IStringLocalizer L)
    {
        if (value is null)
            return "—";
        if (field == "rule")
            return L[$"Rule_{Title(value)}"];
        if (value is not ['[' or '{', ..])
            return value;
        try
        {
            return Node(JsonNode.Parse(value), catalog, L);
        }
        catch (System.Text.Json.JsonException)
        {
            return value;
        }
    }

    private static string Node(JsonNode? node, CatalogSnapshot? catalog, IStringLocalizer L) => node switch
    {
        null => "—",
        JsonArray { Count: 0 } => "—",
        JsonArray items => string.Join(English ? ", " : "、", items.Select(i => Node(i, catalog, L))),
        JsonObject seat when seat["department"] is JsonValue department && seat["role"] is JsonValue role => Seat(seat, (string)department!, (string)role!, catalog, L),
        JsonObject text when text.Count == 2 && text["zh"] is JsonValue zh && text["en"] is JsonValue en =>
            English ? (string)en! : (string)zh!,
        JsonObject legacy when legacy["minutes"] is JsonValue minutes => Legacy(legacy, (int)minutes!, L),
        JsonObject fields => string.Join(", ", fields.Where(f => f.Value is not null).Select(f => $"{Field(f.Key, L)} {Node(f.Value, catalog, L)}")),
        _ => node.ToString(),
    };

    private static string Seat(JsonObject seat, string department, string role, CatalogSnapshot? catalog, IStringLocalizer L)
    {
        var roleName = L[$"Role_{Title(role)}"];
        var deemed = seat["deemedConsentOnTimeout"] is JsonValue flag && (bool)flag! ? " · " + L["Seat_DeemedConsent"] : "";
        return $"{catalog.DepartmentName(department)} · {roleName}{deemed}";
    }

    private static string Legacy(JsonObject legacy, int minutes, IStringLocalizer L)
    {
        List<string> parts = [L["Trail_LegacyDepartments", (int?)legacy["departments"] ?? 0]];
        if (minutes > 0)
            parts.Add(L["Matters_Minutes", minutes]);
        if ((int?)legacy["workingDays"] is { } days)
            parts.Add(L["Trail_LegacyDays", days]);
        if ((string?)legacy["note"] is { Length: > 0 } note)
            parts.Add(note);
        return string.Join(" · ", parts);
    }

    private static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>"anyOne" → "AnyOne": the enum's name, as the resource keys spell it.</summary>
    private static string Title(string camel) => camel.Length == 0 ? camel : char.ToUpperInvariant(camel[0]) + camel[1..];

    public static string Field(string name, IStringLocalizer L) => L[$"Trail_Field_{name}"] is { ResourceNotFound: false } text ? text.Value : name;
}
