using System.Collections.Immutable;
using Consult.Hosting;

namespace Consult.Users;

/// <summary>
/// One account. After each change it tells the administrators' list (<see cref="IUserDirectoryGrain"/>)
/// what the account now is, and again whenever it wakes or is asked for a change that changes
/// nothing, so an account made before the list existed, or whose report failed, is listed as soon as
/// it is used again (the list ignores a report that changes nothing).
/// </summary>
public sealed class UserGrain(
    [PersistentState(StateNames.User, StorageNames.Consult)] IPersistentState<UserGrain.State> store,
    TimeProvider time) : Grain, IUserGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (store.State.User is null)
            return;
        try
        {
            await Report();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The account still works; the list learns of it at the next change or activation.
        }
    }

    public async Task<bool> Create(UserRecord user)
    {
        if (store.State.User is not null)
        {
            // Asked again (a retry, the seeder at start-up): make sure the list has it.
            await Report();
            return false;
        }

        store.State.User = user;
        await store.WriteStateAsync();
        await Report();
        return true;
    }

    public Task<UserRecord?> Get() => Task.FromResult(store.State.User);

    public Task<bool> Disable() => Change(user => user.Disabled ? null : user with { Disabled = true });

    public Task<bool> Enable() => Change(user => user.Disabled ? user with { Disabled = false } : null);

    public async Task<UserRecord?> Edit(string displayName, string? phone, string role, string? department)
    {
        await Change(user => user with { DisplayName = displayName, Phone = phone, Role = role, Department = department });
        return store.State.User;
    }

    public Task<bool> SetPassword(string passwordHash, bool mustChange) =>
        Change(user => user with { PasswordHash = passwordHash, MustChangePassword = mustChange });

    public async Task RevokeSession(string sessionId, DateTimeOffset until)
    {
        if (store.State.User is not { } user)
            return;
        var now = time.GetUtcNow();
        // Sessions whose cookies expired need no entry any more: the list stays as short as the live sessions.
        var revoked = (user.RevokedSessions ?? ImmutableDictionary<string, DateTimeOffset>.Empty).RemoveRange(
            (user.RevokedSessions ?? ImmutableDictionary<string, DateTimeOffset>.Empty).Where(r => r.Value <= now).Select(r => r.Key));
        if (revoked.ContainsKey(sessionId))
            return;
        store.State.User = user with { RevokedSessions = revoked.SetItem(sessionId, until) };
        await store.WriteStateAsync();
    }

    /// <summary>Applies <paramref name="change"/> (null: nothing to change); false when there is no account or nothing changed.</summary>
    private async Task<bool> Change(Func<UserRecord, UserRecord?> change)
    {
        if (store.State.User is not { } user)
            return false;
        if (change(user) is not { } changed || changed == user)
        {
            await Report();
            return false;
        }

        store.State.User = changed;
        await store.WriteStateAsync();
        await Report();
        return true;
    }

    private Task Report() => GrainFactory.GetGrain<IUserDirectoryGrain>(0).Upsert(UserSummary.Of(store.State.User!));

    [GenerateSerializer, Alias("consult.user-grain.state")]
    public sealed class State
    {
        [Id(0)]
        public UserRecord? User { get; set; }
    }
}
