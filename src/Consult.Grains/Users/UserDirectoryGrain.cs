using System.Collections.Immutable;
using Consult.Hosting;

namespace Consult.Users;

/// <summary>The administrators' list of accounts: a few hundred in a county, a few thousand in a province.</summary>
public sealed class UserDirectoryGrain(
    [PersistentState(StateNames.UserDirectory, StorageNames.Consult)] IPersistentState<UserDirectoryGrain.State> store) : Grain, IUserDirectoryGrain
{
    public async Task Upsert(UserSummary user)
    {
        if (store.State.Users.TryGetValue(user.UserName, out var known) && known == user)
            return;
        store.State.Users = store.State.Users.SetItem(user.UserName, user);
        await store.WriteStateAsync();
    }

    public Task<ImmutableArray<UserSummary>> List() => Task.FromResult(store.State.Users.Values.ToImmutableArray());

    [GenerateSerializer, Alias("consult.user-directory-grain.state")]
    public sealed class State
    {
        [Id(0)]
        public ImmutableSortedDictionary<string, UserSummary> Users { get; set; } = ImmutableSortedDictionary<string, UserSummary>.Empty.WithComparers(StringComparer.Ordinal);
    }
}
