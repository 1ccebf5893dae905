using System.Collections.Immutable;
using Consult.Hosting;

namespace Consult.Cases;

/// <summary>
/// The red-carded cases. Cases past the statutory limit are few (each one is a failure the
/// supervision follows up), so one list holds them.
/// </summary>
public sealed class OverdueCasesGrain(
    [PersistentState(StateNames.OverdueCases, StorageNames.Consult)] IPersistentState<OverdueCasesGrain.State> store) : Grain, IOverdueCasesGrain
{
    public async Task Add(OverdueCase card)
    {
        if (store.State.Cards.Any(c => c.CaseId == card.CaseId))
            return;
        store.State.Cards.Add(card);
        await store.WriteStateAsync();
    }

    public Task<ImmutableArray<OverdueCase>> List() =>
        Task.FromResult<ImmutableArray<OverdueCase>>([.. store.State.Cards.OrderByDescending(c => c.CardAt)]);

    [GenerateSerializer, Alias("consult.overdue-cases-grain.state")]
    public sealed class State
    {
        [Id(0)] public List<OverdueCase> Cards { get; set; } = [];
    }
}
