using System.Collections.Immutable;
using Consult.Catalog;
using Consult.Common;
using Consult.Hosting;

namespace Consult.Notifications;

/// <summary>Every department's and person's notification settings, in one small grain (key 0), written on each change.</summary>
public sealed class NotificationSettingsGrain(
    [PersistentState(StateNames.NotificationSettings, StorageNames.Consult)] IPersistentState<NotificationSettingsGrain.SettingsState> store)
    : Grain, INotificationSettingsGrain
{
    [GenerateSerializer, Alias("consult.notification-settings-grain.state")]
    public sealed class SettingsState
    {
        [Id(0)] public Dictionary<string, NotificationSettings> Departments { get; set; } = new(StringComparer.Ordinal);
        [Id(1)] public Dictionary<string, UserNotificationSettings> Users { get; set; } = new(StringComparer.Ordinal);
    }

    private SettingsState State => store.State;

    public Task<NotificationSettings> GetDepartment(string department) =>
        Task.FromResult(State.Departments.GetValueOrDefault(department) ?? NotificationSettings.None);

    public async Task<NotificationSettings> PutDepartment(string department, NotificationSettings settings)
    {
        var catalog = await GrainFactory.GetGrain<ICatalogGrain>(0).Get();
        if (!catalog.Departments.Any(d => d.Code == department))
            throw ConsultException.NotFound($"No department '{department}'.");
        var valid = NotificationSettingsRules.Validate(settings);
        State.Departments[department] = valid;
        await store.WriteStateAsync();
        return valid;
    }

    public Task<UserNotificationSettings?> GetUser(string userName) => Task.FromResult(State.Users.GetValueOrDefault(userName));

    public async Task<UserNotificationSettings> PutUser(UserNotificationSettings settings)
    {
        var valid = settings with { Settings = NotificationSettingsRules.Validate(settings.Settings) };
        State.Users[settings.UserName] = valid;
        await store.WriteStateAsync();
        return valid;
    }

    public Task<ImmutableArray<NotificationAudience>> Audiences(ImmutableArray<string> departments) =>
        Task.FromResult<ImmutableArray<NotificationAudience>>([.. departments.Distinct().Select(d => new NotificationAudience(
            d,
            State.Departments.GetValueOrDefault(d) ?? NotificationSettings.None,
            [.. State.Users.Values.Where(u => u.Department == d).OrderBy(u => u.UserName, StringComparer.Ordinal)]))]);
}
