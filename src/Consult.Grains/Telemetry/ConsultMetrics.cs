using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Consult.Rooms;

namespace Consult.Telemetry;

/// <summary>
/// The <c>Consult</c> meter of one host (silo and web node alike): what grains and the node
/// record, under names that Prometheus shows with a <c>consult_</c> prefix. Created from the
/// host's <see cref="IMeterFactory"/> and disposed with it; exporters subscribe to meters by name
/// across the process, so where one process runs several hosts (the tests) each one's scrape
/// includes the others' measurements.
/// Gauges are read when a reader collects: the rooms' from the last refresh a node made
/// (<see cref="SetRooms"/>), the outbox backlog from the outboxes of the grains active here.
/// </summary>
public sealed class ConsultMetrics
{
    public const string MeterName = "Consult";

    private readonly Counter<long> _decisions;
    private readonly Counter<long> _cards;
    private readonly Histogram<double> _delivery;
    private readonly Histogram<double> _commit;
    private readonly Histogram<double> _storageWrite;
    private readonly Histogram<int> _commitWrites;
    private readonly Histogram<double> _hubCall;
    private readonly Counter<long> _notificationsSent;
    private readonly Counter<long> _notificationsFailed;
    private readonly UpDownCounter<long> _hubConnections;
    private readonly ConcurrentDictionary<object, Func<int>> _outboxes = new(ReferenceEqualityComparer.Instance);
    private RoomCounts? _rooms;
    // Set when a reader collects the rooms' gauges: the node reads the rooms only for someone who reads them.
    private int _roomsCollected;

    // Durations on the decision's path: fine below 100 ms, where a p99 against a bare hub's is judged.
    private static readonly double[] Fine = [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5];

    public ConsultMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _decisions = meter.CreateCounter<long>("consult.decisions.cast", "{decision}",
            "Decisions recorded by rooms (revisions and deemed consents included), by outcome.");
        _cards = meter.CreateCounter<long>("consult.cards.issued", "{card}",
            "Supervision cards issued by rooms' clocks, by level.");
        _delivery = meter.CreateHistogram("consult.decision.delivery.duration", "s",
            "From a decision's acknowledgement (persisted by its room) to its hand-over to the room's hub connections on this node.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _commit = meter.CreateHistogram("consult.storage.commit.duration", "s",
            "One group commit of the grain storage: its statements and the commit's fsync.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Fine });
        _storageWrite = meter.CreateHistogram("consult.storage.write.duration", "s",
            "One grain state write, from its hand-over to the storage to its commit being durable (queueing behind the batch before it included).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Fine });
        _commitWrites = meter.CreateHistogram<int>("consult.storage.commit.writes", "{write}",
            "Grain state writes in one group commit.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
        _hubCall = meter.CreateHistogram("consult.hub.call.duration", "s",
            "One consultation hub call on this node, from the server taking it to its answer, by method.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Fine });
        _notificationsSent = meter.CreateCounter<long>("consult.notifications.sent", "{notification}",
            "Notification attempts a channel accepted, by channel.");
        _notificationsFailed = meter.CreateCounter<long>("consult.notifications.failed", "{notification}",
            "Notification attempts that failed (each is retried until its attempts are used), by channel.");
        _hubConnections = meter.CreateUpDownCounter<long>("consult.hub.connections", "{connection}",
            "Connections open to the consultation hub on this node.");
        meter.CreateObservableGauge("consult.rooms.open", () => RoomFigure(r => r.Open), "{room}",
            "Rooms open (scheduled or in session), as of the node's last refresh: the same cluster-wide figure from every node.");
        meter.CreateObservableGauge("consult.rooms.overdue", () => RoomFigure(r => r.Overdue), "{room}",
            "Open rooms past their deadline, as of the node's last refresh: the same cluster-wide figure from every node.");
        meter.CreateObservableGauge("consult.outbox.backlog", OutboxBacklog, "{entry}",
            "Entries the grains active on this node owe other grains and have not delivered yet.");
        meter.CreateObservableGauge("consult.sqlite.memory", Storage.SqliteMemory.Used, "By",
            "What SQLite holds in this process's native heap (page caches of every connection, statements, schemas).");
    }

    /// <summary>
    /// Counts what a room has just persisted: its decisions by outcome, its cards by level, as the
    /// contract's JSON names them. Only the one property is read, and nothing here throws into the
    /// room's write path: a payload without it counts as <c>unknown</c>.
    /// </summary>
    public void Persisted(System.Collections.Immutable.ImmutableArray<RoomEvent> events)
    {
        foreach (var roomEvent in events)
        {
            switch (roomEvent.Type)
            {
                case RoomEventTypes.DecisionCast:
                    _decisions.Add(1, new KeyValuePair<string, object?>("outcome", PayloadText(roomEvent, "outcome")));
                    break;
                case RoomEventTypes.CardIssued:
                    _cards.Add(1, new KeyValuePair<string, object?>("level", PayloadText(roomEvent, "level")));
                    break;
            }
        }
    }

    // Outcome and level names, kept once each: reading one per decision must not allocate a string.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);

    /// <summary>
    /// The top-level string <paramref name="property"/> of the payload, read with a reader over the
    /// payload's UTF-8 bytes (no document is built), or <c>unknown</c>.
    /// </summary>
    private string PayloadText(RoomEvent roomEvent, string property)
    {
        var payload = roomEvent.Payload;
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(System.Text.Encoding.UTF8.GetMaxByteCount(payload.Length));
        try
        {
            var length = System.Text.Encoding.UTF8.GetBytes(payload, rented);
            var reader = new Utf8JsonReader(rented.AsSpan(0, length));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return "unknown";
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var wanted = reader.ValueTextEquals(property);
                if (!reader.Read())
                    break;
                if (wanted)
                    return reader.TokenType == JsonTokenType.String ? Name(ref reader) : "unknown";
                reader.Skip();
            }
            return "unknown";
        }
        catch (JsonException)
        {
            return "unknown";
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private string Name(ref Utf8JsonReader reader)
    {
        Span<char> chars = stackalloc char[64];
        if (reader.ValueSpan.Length > chars.Length || reader.ValueIsEscaped)
            return reader.GetString()!;
        var name = chars[..reader.CopyString(chars)];
        var names = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        if (names.TryGetValue(name, out var known))
            return known;
        var text = name.ToString();
        return _names.Count < 64 ? _names.GetOrAdd(text, text) : text;
    }

    public void DecisionDelivered(TimeSpan sincePersisted) => _delivery.Record(Math.Max(0, sincePersisted.TotalSeconds));

    /// <summary>A group commit of <paramref name="writes"/> writes took <paramref name="duration"/> (statements and fsync).</summary>
    public void StorageCommitted(int writes, TimeSpan duration)
    {
        _commit.Record(duration.TotalSeconds);
        _commitWrites.Record(writes);
    }

    /// <summary>A write was durable <paramref name="sinceHandedOver"/> after the grain handed it over.</summary>
    public void StorageWritten(TimeSpan sinceHandedOver) => _storageWrite.Record(sinceHandedOver.TotalSeconds);

    /// <summary>The hub's <paramref name="method"/> answered (or refused) after <paramref name="duration"/>.</summary>
    public void HubCalled(string method, TimeSpan duration) =>
        _hubCall.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("method", method));

    public void NotificationSent(string channel) => _notificationsSent.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public void NotificationFailed(string channel) => _notificationsFailed.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public void HubConnected() => _hubConnections.Add(1);

    public void HubDisconnected() => _hubConnections.Add(-1);

    /// <summary>The rooms' figures, refreshed now and then by the node (reading them is a query across grains).</summary>
    public void SetRooms(int open, int overdue) => _rooms = new RoomCounts(open, overdue);

    /// <summary>Whether a reader collected the rooms' gauges since the last call: if none did, there is nothing to refresh.</summary>
    public bool TakeRoomsCollected() => Interlocked.Exchange(ref _roomsCollected, 0) == 1;

    /// <summary>
    /// Counts <paramref name="pending"/> in the backlog until <paramref name="until"/> completes (the
    /// grain's deactivation). It is called on the collecting thread, outside the grain's turn, so it
    /// must read a count the grain keeps for it, never the grain's state (Orleans refuses that).
    /// </summary>
    public void TrackOutbox(object owner, Func<int> pending, Task until)
    {
        _outboxes[owner] = pending;
        until.ContinueWith(_ => _outboxes.TryRemove(owner, out Func<int>? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private int OutboxBacklog() => _outboxes.Values.Sum(pending => pending());

    private IEnumerable<Measurement<int>> RoomFigure(Func<RoomCounts, int> figure)
    {
        Volatile.Write(ref _roomsCollected, 1);
        return _rooms is { } rooms ? [new Measurement<int>(figure(rooms))] : [];
    }

    private sealed record RoomCounts(int Open, int Overdue);
}
