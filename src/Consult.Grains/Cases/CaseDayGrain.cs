using System.Collections.Immutable;
using Consult.Hosting;

namespace Consult.Cases;

/// <summary>
/// One local day's cases. The number is given and the listing line stored in the same write, so
/// numbers are gapless per day, and asking again for the same case gives its number back.
/// </summary>
public sealed class CaseDayGrain(
    [PersistentState(StateNames.CaseDay, StorageNames.Consult)] IPersistentState<CaseDayGrain.State> store) : Grain, ICaseDayGrain
{
    public async Task<string> Register(CaseSummary summary)
    {
        var existing = store.State.Cases.Find(c => c.CaseId == summary.CaseId);
        if (existing is not null)
            return existing.CaseNumber;

        var number = $"CS-{this.GetPrimaryKeyString()}-{store.State.Cases.Count + 1:D4}";
        store.State.Cases.Add(summary with { CaseNumber = number });
        await store.WriteStateAsync();
        return number;
    }

    public async Task UpdateStatus(Guid caseId, CaseStatus status)
    {
        var index = store.State.Cases.FindIndex(c => c.CaseId == caseId);
        if (index < 0 || store.State.Cases[index].Status == status)
            return;
        store.State.Cases[index] = store.State.Cases[index] with { Status = status };
        await store.WriteStateAsync();
    }

    public Task<ImmutableArray<CaseSummary>> List() => Task.FromResult(store.State.Cases.ToImmutableArray());

    [GenerateSerializer, Alias("consult.case-day-grain.state")]
    public sealed class State
    {
        [Id(0)]
        public List<CaseSummary> Cases { get; set; } = [];
    }
}
