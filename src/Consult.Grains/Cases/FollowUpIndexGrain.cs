using System.Collections.Immutable;
using Consult.Hosting;

namespace Consult.Cases;

/// <summary>
/// The open follow-up tasks of every case; overdue is worked out when read, from the injected clock
/// and the centre's time zone, so nothing needs to fire at a due time.
/// </summary>
/// <remarks>
/// The tasks are kept in <see cref="Pages"/> rows by case (<c>follow-up-index-0</c> …), and a
/// case's change rewrites its row only: a county has a few hundred open tasks, but a province's
/// deployment (one index for all its counties) tens of thousands, and one list of them was
/// megabytes rewritten on every task added or done. A list stored before the pages, in the
/// grain's own row, is moved into them on activation.
/// </remarks>
public sealed class FollowUpIndexGrain(
    [PersistentState(StateNames.FollowUpIndex, StorageNames.Consult)] IPersistentState<FollowUpIndexGrain.State> store,
    TimeProvider time,
    ConsultCalendar calendar) : Grain, IFollowUpIndexGrain
{
    public const int Pages = 64;

    private readonly GrainState<State>[] _pages = new GrainState<State>[Pages];
    private SideRows? _rows;

    private SideRows Rows => _rows ??= new SideRows(GrainContext);

    private static string PageName(int page) => SideRows.Name(StateNames.FollowUpIndex, page);

    public static int PageOf(Guid caseId) => SideRows.Of(caseId, Pages, offset: 8);

    private IEnumerable<OpenFollowUp> All => _pages.SelectMany(p => p.State!.Tasks);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(Enumerable.Range(0, Pages).Select(async page =>
            _pages[page] = await Rows.Read<State>(PageName(page)) ?? new GrainState<State>(new State())));
        if (store.State.Tasks.Count == 0)
            return;

        // The list from before the pages: each case's tasks replace what its page holds of it (the same, if a move was cut short).
        var moved = new HashSet<int>();
        foreach (var (caseId, tasks) in store.State.Tasks.GroupBy(t => t.CaseId).Select(g => (g.Key, g.ToList())))
        {
            var page = _pages[PageOf(caseId)].State!.Tasks;
            page.RemoveAll(t => t.CaseId == caseId);
            page.AddRange(tasks);
            moved.Add(PageOf(caseId));
        }

        foreach (var page in moved)
            await Rows.Write(PageName(page), _pages[page]);
        store.State.Tasks.Clear();
        await store.WriteStateAsync();
    }

    public async Task Set(Guid caseId, ImmutableArray<OpenFollowUp> open)
    {
        var page = PageOf(caseId);
        var tasks = _pages[page].State!.Tasks;
        var current = tasks.Where(t => t.CaseId == caseId).ToList();
        var next = open.IsDefault ? [] : open.Where(t => t.CaseId == caseId).ToList();
        if (current.SequenceEqual(next))
            return;
        tasks.RemoveAll(t => t.CaseId == caseId);
        tasks.AddRange(next);
        // A failed write deactivates this grain (FailedCallDeactivationFilter): the next call reads what is stored.
        await Rows.Write(PageName(page), _pages[page]);
    }

    public Task<ImmutableArray<OpenFollowUp>> Open(string? department) =>
        Task.FromResult(Sorted(All.Where(t => department is null || t.Department == department)));

    public Task<ImmutableArray<OpenFollowUp>> Overdue()
    {
        var today = StatutoryClock.LocalDate(time.GetUtcNow(), calendar.Zone);
        return Task.FromResult(Sorted(All.Where(t => FollowUps.IsOverdue(t.Due, today))));
    }

    private static ImmutableArray<OpenFollowUp> Sorted(IEnumerable<OpenFollowUp> tasks) =>
        [.. tasks.OrderBy(t => t.Due).ThenBy(t => t.CaseNumber, StringComparer.Ordinal).ThenBy(t => t.TaskId)];

    [GenerateSerializer, Alias("consult.follow-up-index-grain.state")]
    public sealed class State
    {
        [Id(0)] public List<OpenFollowUp> Tasks { get; set; } = [];
    }
}
