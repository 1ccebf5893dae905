using System.Collections.Immutable;
using System.Text.Json;
using Consult.Admin;
using Consult.Common;

namespace Consult.Server.Admin;

/// <summary>
/// Writes and reads the administrators' audit trail: every change to users, departments, matters,
/// the working calendar and notification settings, with who made it, when, and the thing before and after (as JSON in
/// the API's own shape; never a password or its hash).
/// </summary>
public sealed class AdminAudit(IGrainFactory grains, TimeProvider time)
{
    public const string Users = "users";
    public const string Calendar = "calendar";
    public const string Notifications = "notifications";
    public const string Departments = "departments";
    public const string Matters = "matters";

    // The contract's JSON: enums as their names (a seat's role reads "required", not 0).
    private static readonly JsonSerializerOptions Json = ConsultJson.Options;

    public Task Record(Actor actor, string area, string subject, string action, object? before, object? after)
    {
        var now = time.GetUtcNow();
        var entry = new AdminAuditEntry(now, actor.UserName, actor.DisplayName, area, subject, action, Serialize(before), Serialize(after));
        return grains.GetGrain<IAdminAuditGrain>(IAdminAuditGrain.KeyFor(now)).Append(entry);
    }

    /// <summary>A year's changes, newest first, optionally of one area only.</summary>
    public async Task<ImmutableArray<AdminAuditEntry>> Read(Actor actor, int year, string? area)
    {
        if (!actor.IsAdmin && !actor.IsManager)
            throw ConsultException.Forbidden("Only administrators and managers read the administration trail.");
        var entries = await grains.GetGrain<IAdminAuditGrain>(year.ToString(System.Globalization.CultureInfo.InvariantCulture)).List();
        return [.. entries.Where(e => area is null || e.Area == area).Reverse()];
    }

    /// <summary>What changed, field by field (before is absent for a new thing), for people reading the trail.</summary>
    public static IEnumerable<(string Field, string? Before, string? After, bool Existed)> Changes(string? before, string? after)
    {
        var old = Parse(before);
        var now = Parse(after);
        return old.Keys.Union(now.Keys)
            .Where(k => old.GetValueOrDefault(k) != now.GetValueOrDefault(k))
            .Select(k => (k, old.GetValueOrDefault(k), now.GetValueOrDefault(k), old.ContainsKey(k)));
    }

    private static Dictionary<string, string?> Parse(string? json)
    {
        if (json is null || System.Text.Json.Nodes.JsonNode.Parse(json) is not System.Text.Json.Nodes.JsonObject fields)
            return [];
        return fields.ToDictionary(f => f.Key, f => f.Value switch
        {
            null => null,
            System.Text.Json.Nodes.JsonValue value => value.ToString(),
            var other => other.ToJsonString(),
        });
    }

    private static string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Json);
}
