using System.Collections.Immutable;
using Consult.Hosting;

namespace Consult.Cases;

/// <summary>
/// The open follow-up tasks of every case. Open tasks are few at any time (each is a condition of a
/// recent approval, until done), so one list holds them; overdue is worked out when read, from the
/// injected clock and the centre's time zone, so nothing needs to fire at a due time.
/// </summary>
public sealed class FollowUpIndexGrain(
    [PersistentState(StateNames.FollowUpIndex, StorageNames.Consult)] IPersistentState<FollowUpIndexGrain.State> store,
    TimeProvider time,
    ConsultCalendar calendar) : Grain, IFollowUpIndexGrain
{
    public async Task Set(Guid caseId, ImmutableArray<OpenFollowUp> open)
    {
        var current = store.State.Tasks.Where(t => t.CaseId == caseId).ToList();
        var next = open.IsDefault ? [] : open.Where(t => t.CaseId == caseId).ToList();
        if (current.SequenceEqual(next))
            return;
        store.State.Tasks.RemoveAll(t => t.CaseId == caseId);
        store.State.Tasks.AddRange(next);
        await store.WriteStateAsync();
    }

    public Task<ImmutableArray<OpenFollowUp>> Open(string? department) =>
        Task.FromResult(Sorted(store.State.Tasks.Where(t => department is null || t.Department == department)));

    public Task<ImmutableArray<OpenFollowUp>> Overdue()
    {
        var today = StatutoryClock.LocalDate(time.GetUtcNow(), calendar.Zone);
        return Task.FromResult(Sorted(store.State.Tasks.Where(t => FollowUps.IsOverdue(t.Due, today))));
    }

    private static ImmutableArray<OpenFollowUp> Sorted(IEnumerable<OpenFollowUp> tasks) =>
        [.. tasks.OrderBy(t => t.Due).ThenBy(t => t.CaseNumber, StringComparer.Ordinal).ThenBy(t => t.TaskId)];

    [GenerateSerializer, Alias("consult.follow-up-index-grain.state")]
    public sealed class State
    {
        [Id(0)] public List<OpenFollowUp> Tasks { get; set; } = [];
    }
}
