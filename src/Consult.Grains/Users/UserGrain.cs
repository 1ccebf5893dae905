using Consult.Hosting;

namespace Consult.Users;

public sealed class UserGrain(
    [PersistentState(StateNames.User, StorageNames.Consult)] IPersistentState<UserGrain.State> store) : Grain, IUserGrain
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

    [GenerateSerializer, Alias("consult.user-grain.state")]
    public sealed class State
    {
        [Id(0)]
        public UserRecord? User { get; set; }
    }
}
