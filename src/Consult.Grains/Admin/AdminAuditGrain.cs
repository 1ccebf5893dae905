using System.Collections.Immutable;
using Consult.Hosting;

namespace Consult.Admin;

/// <summary>A year of administrators' changes, in the order they were made.</summary>
/// <remarks>
/// Kept in rows of <see cref="PageSize"/> entries (<c>admin-audit-1</c>, <c>admin-audit-2</c>, …)
/// and an append writes the last row only: a province's administrators make tens of thousands of
/// changes a year, which as one row were rewritten whole on every change. What the grain's own row
/// held before the pages stays there and comes first. A page is created only when the one before
/// is full, so the pages are read on activation until one is missing.
/// </remarks>
public sealed class AdminAuditGrain(
    [PersistentState(StateNames.AdminAudit, StorageNames.Consult)] IPersistentState<AdminAuditGrain.State> store) : Grain, IAdminAuditGrain
{
    public const int PageSize = 256;

    private readonly List<GrainState<State>> _pages = [];
    private SideRows? _rows;

    private SideRows Rows => _rows ??= new SideRows(GrainContext);

    private static string PageName(int page) => SideRows.Name(StateNames.AdminAudit, page);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        for (var page = 1; ; page++)
        {
            var stored = await Rows.Read<State>(PageName(page));
            if (stored is null)
                break;
            _pages.Add(stored);
        }
    }

    public async Task Append(AdminAuditEntry entry)
    {
        if (_pages.Count == 0 || _pages[^1].State!.Entries.Length >= PageSize)
            _pages.Add(new GrainState<State>(new State()));
        var last = _pages[^1];
        last.State!.Entries = last.State.Entries.Add(entry);
        // A failed write deactivates this grain (FailedCallDeactivationFilter): the next call reads what is stored.
        await Rows.Write(PageName(_pages.Count), last);
    }

    public Task<ImmutableArray<AdminAuditEntry>> List() =>
        Task.FromResult<ImmutableArray<AdminAuditEntry>>([.. store.State.Entries, .. _pages.SelectMany(p => p.State!.Entries)]);

    [GenerateSerializer, Alias("consult.admin-audit-grain.state")]
    public sealed class State
    {
        [Id(0)]
        public ImmutableArray<AdminAuditEntry> Entries { get; set; } = [];
    }
}
