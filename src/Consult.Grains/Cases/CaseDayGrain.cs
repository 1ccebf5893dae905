using System.Collections.Immutable;
using Consult.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Consult.Cases;

/// <summary>
/// One local day's cases. The number is given and the listing line stored in the same write, so
/// numbers are gapless per day, and asking again for the same case gives its number back. A case
/// takes its number before it writes itself, so its line is pending until the case confirms it.
/// </summary>
/// <remarks>
/// The listing lines are kept in pages of <see cref="PageSize"/> lines, each its own row: page 0
/// is the <c>case-day</c> row (a day stored before paging keeps all its lines there), page N the
/// <c>case-day-N</c> row. A registration or a status change rewrites one page, so a write stays
/// small however full the day gets. A page is created only when the one before is full, so the
/// pages are read on activation until one is missing.
/// </remarks>
public sealed class CaseDayGrain(
    [PersistentState(StateNames.CaseDay, StorageNames.Consult)] IPersistentState<CaseDayGrain.State> first) : Grain, ICaseDayGrain
{
    public const int PageSize = 256;

    // Page 0 is the grain's own state; pages 1.. are read and written through the same storage.
    private readonly List<GrainState<State>> _more = [];
    private readonly Dictionary<Guid, (int Page, int Line)> _lineOf = [];
    private SideRows? _rows;
    private int _count;

    private SideRows Rows => _rows ??= new SideRows(GrainContext);

    private int PageCount => 1 + _more.Count;

    private static string PageName(int page) => SideRows.Name(StateNames.CaseDay, page);

    private List<CaseSummary> Lines(int page) => page == 0 ? first.State.Cases : _more[page - 1].State!.Cases;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Index(0);
        if (!first.RecordExists)
            return;
        for (var page = 1; ; page++)
        {
            var stored = await Rows.Read<State>(PageName(page));
            if (stored is null)
                break;
            _more.Add(stored);
            Index(page);
        }
    }

    private void Index(int page)
    {
        var lines = Lines(page);
        for (var line = 0; line < lines.Count; line++)
            _lineOf[lines[line].CaseId] = (page, line);
        _count += lines.Count;
    }

    public async Task<string> Register(CaseSummary summary)
    {
        if (_lineOf.TryGetValue(summary.CaseId, out var at))
            return Lines(at.Page)[at.Line].CaseNumber;

        var page = PageCount - 1;
        if (Lines(page).Count >= PageSize)
        {
            _more.Add(new GrainState<State>(new State()));
            page++;
        }

        var number = $"CS-{this.GetPrimaryKeyString()}-{_count + 1:D4}";
        var lines = Lines(page);
        lines.Add(summary with { CaseNumber = number });
        // A failed write deactivates this grain (FailedCallDeactivationFilter): the next call reads what is stored.
        await Write(page);
        _lineOf[summary.CaseId] = (page, lines.Count - 1);
        _count++;
        return number;
    }

    public async Task Confirm(Guid caseId)
    {
        if (!_lineOf.TryGetValue(caseId, out var at))
            return;
        var lines = Lines(at.Page);
        if (!lines[at.Line].Pending)
            return;
        lines[at.Line] = lines[at.Line] with { Pending = false };
        await Write(at.Page);
    }

    /// <summary>A status change comes from a registered case only, so it confirms a pending line too.</summary>
    public async Task UpdateStatus(Guid caseId, CaseStatus status)
    {
        if (!_lineOf.TryGetValue(caseId, out var at))
            return;
        var lines = Lines(at.Page);
        if (lines[at.Line].Status == status && !lines[at.Line].Pending)
            return;
        lines[at.Line] = lines[at.Line] with { Status = status, Pending = false };
        await Write(at.Page);
    }

    public Task<ImmutableArray<CaseSummary>> List()
    {
        var all = ImmutableArray.CreateBuilder<CaseSummary>(_count);
        for (var page = 0; page < PageCount; page++)
            all.AddRange(Lines(page));
        return Task.FromResult(all.MoveToImmutable());
    }

    public Task<CaseDaySlice> Query(CaseQuery query, int skip, int take)
    {
        var count = 0;
        var pending = false;
        List<CaseSummary>? matching = take > 0 ? [] : null;
        for (var page = 0; page < PageCount; page++)
        {
            foreach (var line in Lines(page))
            {
                if (line.Pending)
                {
                    pending = true;
                    continue;
                }

                if (!query.Matches(line))
                    continue;
                count++;
                matching?.Add(line);
            }
        }

        if (matching is null)
            return Task.FromResult(new CaseDaySlice(count, pending, []));
        // Newest first; a stable sort, so lines of the same instant keep their order, as a listing of every day sorted at once has them.
        var slice = matching.OrderByDescending(l => l.CreatedAt).Skip(Math.Max(skip, 0)).Take(take);
        return Task.FromResult(new CaseDaySlice(count, pending, [.. slice]));
    }

    private async Task Write(int page)
    {
        await (page == 0 ? first.WriteStateAsync() : Rows.Write(PageName(page), _more[page - 1]));
        // The case index reads the row again (it is durable now), on every node in Cluster mode; no index, no notice.
        ServiceProvider.GetService<Index.ICaseDayChanges>()?.Changed(GrainContext.GrainId.ToString(), page == 0 ? StateNames.CaseDay : PageName(page));
    }

    [GenerateSerializer, Alias("consult.case-day-grain.state")]
    public sealed class State
    {
        [Id(0)]
        public List<CaseSummary> Cases { get; set; } = [];
    }
}
