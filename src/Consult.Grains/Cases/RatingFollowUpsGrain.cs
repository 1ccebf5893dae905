using System.Collections.Immutable;
using Consult.Hosting;

namespace Consult.Cases;

/// <summary>
/// The poor ratings still to be answered. They are few at any time (each is a recent poor rating,
/// until the centre answers it), so one list holds them.
/// </summary>
public sealed class RatingFollowUpsGrain(
    [PersistentState(StateNames.RatingFollowUps, StorageNames.Consult)] IPersistentState<RatingFollowUpsGrain.State> store) : Grain, IRatingFollowUpsGrain
{
    public async Task Set(Guid caseId, OpenRatingFollowUp? open)
    {
        var current = store.State.Open.GetValueOrDefault(caseId);
        if (open is not null && open.CaseId != caseId)
            return;
        if (current == open)
            return;
        if (open is null)
            store.State.Open.Remove(caseId);
        else
            store.State.Open[caseId] = open;
        await store.WriteStateAsync();
    }

    public Task<ImmutableArray<OpenRatingFollowUp>> Open() =>
        Task.FromResult<ImmutableArray<OpenRatingFollowUp>>(
            [.. store.State.Open.Values.OrderBy(f => f.RatedAt).ThenBy(f => f.CaseNumber, StringComparer.Ordinal)]);

    [GenerateSerializer, Alias("consult.rating-follow-ups-grain.state")]
    public sealed class State
    {
        [Id(0)] public Dictionary<Guid, OpenRatingFollowUp> Open { get; set; } = [];
    }
}
