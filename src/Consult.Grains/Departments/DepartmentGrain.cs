using System.Collections.Immutable;
using System.Globalization;
using Consult.Hosting;
using Consult.Realtime;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Consult.Departments;

/// <summary>
/// A department's inbox: one line per open room it is invited to.
/// </summary>
/// <remarks>
/// A busy department has a line in every open room of the province, so the lines are kept in
/// <see cref="Buckets"/> rows (<c>department-b0</c> … <c>department-b31</c>, by room id), and a
/// change rewrites one bucket, not the whole inbox. An inbox stored before bucketing (all lines
/// in the <c>department</c> row) is moved into its buckets on activation: the buckets are written
/// first, then the old row is emptied, so a crash in between only moves the same lines again.
/// </remarks>
public sealed class DepartmentGrain(
    [PersistentState(StateNames.Department, StorageNames.Consult)] IPersistentState<DepartmentGrain.State> legacy,
    ILogger<DepartmentGrain> logger) : Grain, IDepartmentGrain
{
    public const int Buckets = 32;

    private readonly ObserverManager<string, IRoomRelay> _relays = new(RelayTimings.Expiry, logger);
    private readonly GrainState<State>[] _buckets = new GrainState<State>[Buckets];
    private SideRows? _rows;

    private SideRows Rows => _rows ??= new SideRows(GrainContext);

    private static string BucketName(int bucket) => $"{StateNames.Department}-b{bucket.ToString(CultureInfo.InvariantCulture)}";

    public static int BucketOf(Guid roomId) => SideRows.Of(roomId, Buckets);

    private Dictionary<Guid, Invitation> Lines(Guid roomId) => _buckets[BucketOf(roomId)].State!.Open;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(Enumerable.Range(0, Buckets).Select(async bucket =>
        {
            _buckets[bucket] = await Rows.Read<State>(BucketName(bucket)) ?? new GrainState<State>(new State());
        }));

        if (legacy.State.Open.Count == 0)
            return;
        var moved = new HashSet<int>();
        foreach (var (roomId, invitation) in legacy.State.Open)
        {
            Lines(roomId)[roomId] = invitation;
            moved.Add(BucketOf(roomId));
        }

        await Task.WhenAll(moved.Select(Write));
        legacy.State.Open.Clear();
        await legacy.WriteStateAsync();
    }

    public async Task Upsert(Invitation invitation)
    {
        var lines = Lines(invitation.RoomId);
        var known = lines.TryGetValue(invitation.RoomId, out var current);
        if (known && current == invitation)
            return;
        lines[invitation.RoomId] = invitation;
        // A failed write deactivates this grain (FailedCallDeactivationFilter): the next call reads what is stored.
        await Write(BucketOf(invitation.RoomId));
        if (_relays.Count > 0)
        {
            var department = this.GetPrimaryKeyString();
            await _relays.Notify(relay => known ? relay.OnInboxChanged(department, invitation) : relay.OnInvitation(department, invitation));
        }
    }

    public Task Watch(string nodeId, IRoomRelay relay)
    {
        _relays.Subscribe(nodeId, relay);
        return Task.CompletedTask;
    }

    public Task Unwatch(string nodeId)
    {
        _relays.Unsubscribe(nodeId);
        return Task.CompletedTask;
    }

    public async Task Remove(Guid roomId)
    {
        if (Lines(roomId).Remove(roomId, out var removed))
        {
            await Write(BucketOf(roomId));
            if (_relays.Count > 0)
            {
                var department = this.GetPrimaryKeyString();
                await _relays.Notify(relay => relay.OnInboxChanged(department, removed));
            }
        }
    }

    public Task<ImmutableArray<Invitation>> GetOpenInvitations() =>
        Task.FromResult(_buckets.SelectMany(b => b.State!.Open.Values).OrderBy(i => i.Deadline).ToImmutableArray());

    private Task Write(int bucket) => Rows.Write(BucketName(bucket), _buckets[bucket]);

    [GenerateSerializer, Alias("consult.department-grain.state")]
    public sealed class State
    {
        [Id(0)]
        public Dictionary<Guid, Invitation> Open { get; set; } = [];
    }
}
