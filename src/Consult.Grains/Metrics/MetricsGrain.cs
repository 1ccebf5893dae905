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
public sealed class MetricsGrain(
    [PersistentState(StateNames.Metrics, StorageNames.Consult)] IPersistentState<MetricsGrain.State> store) : Grain, IMetricsGrain
{
    private IMetricsGrain? _legacy;
    private bool _legacyChecked;

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

    public async Task RoomOpened(Guid roomId, string caseNumber, string matterCode, DateTimeOffset openedAt, DateTimeOffset deadline)
    {
        if (store.State.Rooms.ContainsKey(roomId) || await HeldByLegacy(roomId))
            return;
        store.State.Rooms[roomId] = new RoomRecord(roomId, caseNumber, matterCode, openedAt, deadline, null, null);
        await Write();
    }

    public async Task DeadlineChanged(Guid roomId, DateTimeOffset deadline)
    {
        if (!store.State.Rooms.TryGetValue(roomId, out var room))
        {
            if (await HeldByLegacy(roomId))
                await Legacy!.DeadlineChanged(roomId, deadline);
            return;
        }

        if (room.Deadline != deadline)
        {
            store.State.Rooms[roomId] = room with { Deadline = deadline };
            await Write();
        }
    }

    public async Task FirstDecision(Guid roomId, string department, DateTimeOffset invitedAt, DateTimeOffset decidedAt)
    {
        if (!store.State.Rooms.ContainsKey(roomId) && await HeldByLegacy(roomId))
        {
            await Legacy!.FirstDecision(roomId, department, invitedAt, decidedAt);
            return;
        }

        if (store.State.Decisions.Exists(d => d.RoomId == roomId && d.Department == department))
            return;
        store.State.Decisions.Add(new DecisionRecord(roomId, department, invitedAt, decidedAt));
        await Write();
    }

    public async Task Responded(DecisionRecord decision)
    {
        if (!store.State.Rooms.ContainsKey(decision.RoomId) && await HeldByLegacy(decision.RoomId))
        {
            await Legacy!.Responded(decision);
            return;
        }

        var index = store.State.Decisions.FindIndex(d => d.RoomId == decision.RoomId && d.Department == decision.Department);
        if (index >= 0)
        {
            // Only the department's own first decision replaces one made for it (on its behalf, or deemed).
            if (store.State.Decisions[index].Kind == ResponseKind.Own || decision.Kind != ResponseKind.Own)
                return;
            store.State.Decisions[index] = decision;
        }
        else
        {
            store.State.Decisions.Add(decision);
        }

        await Write();
    }

    /// <summary>Kept in this bucket whatever its rooms: a case is counted by when it was registered.</summary>
    public async Task CaseChanged(CaseRecord record)
    {
        if (record.SameAs(store.State.Cases.GetValueOrDefault(record.CaseId)))
            return;
        store.State.Cases[record.CaseId] = record;
        await Write(record);
    }

    public async Task RoomClosed(Guid roomId, DateTimeOffset closedAt, JointOutcome outcome)
    {
        if (!store.State.Rooms.TryGetValue(roomId, out var room))
        {
            if (await HeldByLegacy(roomId))
                await Legacy!.RoomClosed(roomId, closedAt, outcome);
            return;
        }

        if (room.ClosedAt is null)
        {
            store.State.Rooms[roomId] = room with { ClosedAt = closedAt, Outcome = outcome };
            await Write();
        }
    }

    public async Task SupervisionChanged(Guid roomId, ImmutableArray<RoomCard> cards, ImmutableArray<string> deemedConsent)
    {
        if (!store.State.Rooms.TryGetValue(roomId, out var room))
        {
            if (await HeldByLegacy(roomId))
                await Legacy!.SupervisionChanged(roomId, cards, deemedConsent);
            return;
        }

        if (room.Cards.IsDefault || !room.Cards.SequenceEqual(cards) || room.DeemedConsent.IsDefault || !room.DeemedConsent.SequenceEqual(deemedConsent))
        {
            store.State.Rooms[roomId] = room with { Cards = cards, DeemedConsent = deemedConsent };
            await Write();
        }
    }

    /// <summary>Kept in this bucket whatever its rooms: a rating is counted by when it was given, once per case.</summary>
    public async Task Rated(RatingRecord rating)
    {
        if (store.State.Ratings.ContainsKey(rating.CaseId))
            return;
        store.State.Ratings[rating.CaseId] = rating;
        await Write();
    }

    public Task<MetricsShard> Get() =>
        Task.FromResult(new MetricsShard([.. store.State.Rooms.Values], [.. store.State.Decisions], [.. store.State.Ratings.Values], [.. store.State.Cases.Values]));

    public Task<bool> Knows(Guid roomId) => Task.FromResult(store.State.Rooms.ContainsKey(roomId));

    /// <summary>Stores the bucket, then tells a projection beside the storage (Embedded mode) what changed: the case, or the rooms' side.</summary>
    private async Task Write(CaseRecord? changedCase = null)
    {
        await store.WriteStateAsync();
        if (ServiceProvider.GetService<Index.IMetricsChanges>() is not { } changes
            || !long.TryParse(store.Etag, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var etag))
            return;
        var id = GrainContext.GrainId.ToString();
        if (changedCase is not null)
            changes.CaseStored(id, etag, changedCase);
        else
            changes.ShardStored(id, etag, new MetricsShard([.. store.State.Rooms.Values], [.. store.State.Decisions], [.. store.State.Ratings.Values]));
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
