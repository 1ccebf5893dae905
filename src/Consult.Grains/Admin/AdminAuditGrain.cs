using System.Collections.Immutable;
using Consult.Hosting;

namespace Consult.Admin;

/// <summary>A year of administrators' changes, in the order they were made.</summary>
public sealed class AdminAuditGrain(
    [PersistentState(StateNames.AdminAudit, StorageNames.Consult)] IPersistentState<AdminAuditGrain.State> store) : Grain, IAdminAuditGrain
{
    public async Task Append(AdminAuditEntry entry)
    {
        store.State.Entries = store.State.Entries.Add(entry);
        await store.WriteStateAsync();
    }

    public Task<ImmutableArray<AdminAuditEntry>> List() => Task.FromResult(store.State.Entries);

    [GenerateSerializer, Alias("consult.admin-audit-grain.state")]
    public sealed class State
    {
        [Id(0)]
        public ImmutableArray<AdminAuditEntry> Entries { get; set; } = [];
    }
}
