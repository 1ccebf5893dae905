using Microsoft.Extensions.DependencyInjection;
using System.Collections.Immutable;
using Consult.Hosting;
using Consult.Rooms;

namespace Consult.Metrics;

/// <summary>
/// One bucket of a month's rooms (or, under a <c>yyyyMM</c> key, the month's shard from before
/// the buckets). Every report is idempotent: a repeat changes nothing. A bucket that hears of a
/// room it does not hold, while the month's legacy shard holds it, passes the report on, so a room
/// opened before the buckets is never counted twice.
/// </summary>
/// <remarks>
/// The bucket's records are kept in <see cref="Pages"/> rows by id (<c>metrics-1</c> …
/// <c>metrics-64</c>): a room with its decisions and cards in the row of its id, a case's line and
/// its rating in the row of the case's id. A report rewrites one row, so a write stays small however
/// full the month gets (a whole bucket of a province's month is megabytes, and every decision used
/// to rewrite it). What the grain's own row held before the pages (row <c>metrics</c>) stays there
/// and is kept up to date there; nothing new is added to it.
/// </remarks>
public sealed class MetricsGrain(
    [PersistentState(StateNames.Metrics, StorageNames.Consult)] IPersistentState<MetricsGrain.State> store) : Grain, IMetricsGrain
{
    /// <summary>Rows of records per bucket, besides the grain's own row.</summary>
    public const int Pages = 64;

    private readonly GrainState<State>?[] _pages = new GrainState<State>?[Pages + 1];
    private SideRows? _rows;
    private IMetricsGrain? _legacy;
    private bool _legacyChecked;

    private SideRows Rows => _rows ??= new SideRows(GrainContext);

    private static string PageName(int page) => SideRows.Name(StateNames.Metrics, page);

    /// <summary>The row (1 … <see cref="Pages"/>) of a room's or a case's records: bytes the bucket's choice (<see cref="IMetricsGrain.BucketOf"/>) does not use.</summary>
    public static int PageOf(Guid id) => 1 + SideRows.Of(id, Pages, offset: 4);

    /// <summary>The month's legacy shard when this grain is a bucket of it; null for the legacy shard itself.</summary>
    private IMetricsGrain? Legacy
    {
        get
        {
            if (!_legacyChecked)
            {
                var key = this.GetPrimaryKeyString();
                var dash = key.IndexOf("-b", StringComparison.Ordinal);
                _legacy = dash > 0 ? GrainFactory.GetGrain<IMetricsGrain>(key[..dash]) : null;
                _legacyChecked = true;
            }

            return _legacy;
        }
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(Enumerable.Range(1, Pages).Select(async page => _pages[page] = await Rows.Read<State>(PageName(page))));

    private State Page(int page) => page == 0 ? store.State : (_pages[page] ??= new GrainState<State>(new State())).State!;

    /// <summary>The row of a room's records: the grain's own if it held the room before the pages, else the room's page.</summary>
    private int RoomPage(Guid roomId) =>
        store.State.Rooms.ContainsKey(roomId) || store.State.Decisions.Exists(d => d.RoomId == roomId) ? 0 : PageOf(roomId);

    private IEnumerable<State> All => _pages.Skip(1).Where(p => p is not null).Select(p => p!.State!).Prepend(store.State);

    public async Task RoomOpened(Guid roomId, string caseNumber, string matterCode, DateTimeOffset openedAt, DateTimeOffset deadline)
    {
        var page = RoomPage(roomId);
        if (Page(page).Rooms.ContainsKey(roomId) || await HeldByLegacy(roomId))
            return;
        Page(page).Rooms[roomId] = new RoomRecord(roomId, caseNumber, matterCode, openedAt, deadline, null, null);
        await Write(page);
    }

    public async Task DeadlineChanged(Guid roomId, DateTimeOffset deadline)
    {
        var page = RoomPage(roomId);
        if (!Page(page).Rooms.TryGetValue(roomId, out var room))
        {
            if (await HeldByLegacy(roomId))
                await Legacy!.DeadlineChanged(roomId, deadline);
            return;
        }

        if (room.Deadline != deadline)
        {
            Page(page).Rooms[roomId] = room with { Deadline = deadline };
            await Write(page);
        }
    }

    public async Task FirstDecision(Guid roomId, string department, DateTimeOffset invitedAt, DateTimeOffset decidedAt)
    {
        var page = RoomPage(roomId);
        if (!Page(page).Rooms.ContainsKey(roomId) && await HeldByLegacy(roomId))
        {
            await Legacy!.FirstDecision(roomId, department, invitedAt, decidedAt);
            return;
        }

        var decisions = Page(page).Decisions;
        if (decisions.Exists(d => d.RoomId == roomId && d.Department == department))
            return;
        decisions.Add(new DecisionRecord(roomId, department, invitedAt, decidedAt));
        await Write(page);
    }

    public async Task Responded(DecisionRecord decision)
    {
        var page = RoomPage(decision.RoomId);
        if (!Page(page).Rooms.ContainsKey(decision.RoomId) && await HeldByLegacy(decision.RoomId))
        {
            await Legacy!.Responded(decision);
            return;
        }

        var decisions = Page(page).Decisions;
        var index = decisions.FindIndex(d => d.RoomId == decision.RoomId && d.Department == decision.Department);
        if (index >= 0)
        {
            // Only the department's own first decision replaces one made for it (on its behalf, or deemed).
            if (decisions[index].Kind == ResponseKind.Own || decision.Kind != ResponseKind.Own)
                return;
            decisions[index] = decision;
        }
        else
        {
            decisions.Add(decision);
        }

        await Write(page);
    }

    /// <summary>Kept in this bucket whatever its rooms: a case is counted by when it was registered.</summary>
    public async Task CaseChanged(CaseRecord record)
    {
        var page = store.State.Cases.ContainsKey(record.CaseId) ? 0 : PageOf(record.CaseId);
        if (record.SameAs(Page(page).Cases.GetValueOrDefault(record.CaseId)))
            return;
        Page(page).Cases[record.CaseId] = record;
        await Write(page, record);
    }

    public async Task RoomClosed(Guid roomId, DateTimeOffset closedAt, JointOutcome outcome)
    {
        var page = RoomPage(roomId);
        if (!Page(page).Rooms.TryGetValue(roomId, out var room))
        {
            if (await HeldByLegacy(roomId))
                await Legacy!.RoomClosed(roomId, closedAt, outcome);
            return;
        }

        if (room.ClosedAt is null)
        {
            Page(page).Rooms[roomId] = room with { ClosedAt = closedAt, Outcome = outcome };
            await Write(page);
        }
    }

    public async Task SupervisionChanged(Guid roomId, ImmutableArray<RoomCard> cards, ImmutableArray<string> deemedConsent)
    {
        var page = RoomPage(roomId);
        if (!Page(page).Rooms.TryGetValue(roomId, out var room))
        {
            if (await HeldByLegacy(roomId))
                await Legacy!.SupervisionChanged(roomId, cards, deemedConsent);
            return;
        }

        if (room.Cards.IsDefault || !room.Cards.SequenceEqual(cards) || room.DeemedConsent.IsDefault || !room.DeemedConsent.SequenceEqual(deemedConsent))
        {
            Page(page).Rooms[roomId] = room with { Cards = cards, DeemedConsent = deemedConsent };
            await Write(page);
        }
    }

    /// <summary>Kept in this bucket whatever its rooms: a rating is counted by when it was given, once per case.</summary>
    public async Task Rated(RatingRecord rating)
    {
        var page = store.State.Ratings.ContainsKey(rating.CaseId) ? 0 : PageOf(rating.CaseId);
        if (Page(page).Ratings.ContainsKey(rating.CaseId))
            return;
        Page(page).Ratings[rating.CaseId] = rating;
        await Write(page);
    }

    public Task<MetricsShard> Get()
    {
        var all = All.ToList();
        return Task.FromResult(new MetricsShard(
            [.. all.SelectMany(s => s.Rooms.Values)],
            [.. all.SelectMany(s => s.Decisions)],
            [.. all.SelectMany(s => s.Ratings.Values)],
            [.. all.SelectMany(s => s.Cases.Values)]));
    }

    public Task<bool> Knows(Guid roomId) => Task.FromResult(Page(RoomPage(roomId)).Rooms.ContainsKey(roomId));

    /// <summary>
    /// The id under which a projection knows one row of a bucket: the grain's own row by the grain's
    /// id, page N as <c>{grainId}/metrics-N</c>.
    /// </summary>
    public static string RowKey(string grainId, string stateName) =>
        stateName == StateNames.Metrics ? grainId : $"{grainId}/{stateName}";

    /// <summary>Stores one row, then tells the metrics index what changed: the case or the row's rooms' side (Embedded mode), or only which row (Cluster mode).</summary>
    private async Task Write(int page, CaseRecord? changedCase = null)
    {
        await (page == 0 ? store.WriteStateAsync() : Rows.Write(PageName(page), _pages[page]!));
        if (ServiceProvider.GetService<Index.IMetricsChanges>() is not { } changes)
            return;
        var stateName = page == 0 ? StateNames.Metrics : PageName(page);
        if (!long.TryParse(page == 0 ? store.Etag : _pages[page]!.ETag, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var etag))
        {
            // Redis' versions are not ordered: the projections read the row itself.
            changes.RowStored(GrainContext.GrainId.ToString(), stateName);
            return;
        }

        var id = RowKey(GrainContext.GrainId.ToString(), stateName);
        var state = Page(page);
        if (changedCase is not null)
            changes.CaseStored(id, etag, changedCase);
        else
            changes.ShardStored(id, etag, new MetricsShard([.. state.Rooms.Values], [.. state.Decisions], [.. state.Ratings.Values]));
    }

    private async Task<bool> HeldByLegacy(Guid roomId) => Legacy is { } legacy && await legacy.Knows(roomId);

    [GenerateSerializer, Alias("consult.metrics-grain.state")]
    public sealed class State
    {
        [Id(0)] public Dictionary<Guid, RoomRecord> Rooms { get; set; } = [];
        [Id(1)] public List<DecisionRecord> Decisions { get; set; } = [];
        [Id(10)] public Dictionary<Guid, RatingRecord> Ratings { get; set; } = [];
        [Id(11)] public Dictionary<Guid, CaseRecord> Cases { get; set; } = [];
    }
}
