using System.Collections.Immutable;
using Consult.Hosting;

namespace Consult.Users;

public sealed class UserGrain(
    [PersistentState(StateNames.User, StorageNames.Consult)] IPersistentState<UserGrain.State> store,
    TimeProvider time) : Grain, IUserGrain
{
    public async Task<bool> Create(UserRecord user)
    {
        if (store.State.User is not null)
            return false;
        store.State.User = user;
        await store.WriteStateAsync();
        return true;
    }

    public Task<UserRecord?> Get() => Task.FromResult(store.State.User);

    public async Task<bool> Disable()
    {
        if (store.State.User is null || store.State.User.Disabled)
            return false;
        store.State.User = store.State.User with { Disabled = true };
        await store.WriteStateAsync();
        return true;
    }

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

    [GenerateSerializer, Alias("consult.user-grain.state")]
    public sealed class State
    {
        [Id(0)]
        public UserRecord? User { get; set; }
    }
}
