using System.Diagnostics;
using HdrHistogram;

namespace Consult.Load.Measurement;

/// <summary>
/// Every scheduled decision: when it was due, how many room members still have to receive it.
/// A decision's latency runs from its scheduled send time (open loop) to its arrival at the last
/// member of its room.
/// </summary>
public sealed class DecisionLedger
{
    private readonly string _prefix;
    private readonly string _marker;
    private readonly long[] _scheduled;
    private readonly int[] _remaining;
    private readonly int[] _failed;
    private readonly long[] _micros;
    private readonly long[] _firstArrival;
    private readonly long[] _sinceStampMicros;
    private readonly LongHistogram _latencyMicros = new(TimeSpan.FromMinutes(10).Ticks / 10, 3);
    private long _deliveries;
    private long _lastCompletion;

    /// <param name="prefix">Starts the comment of this ledger's decisions, so that a late warm-up event is never counted as a measured one.</param>
    public DecisionLedger(string prefix, int count, int membersPerRoom)
    {
        _prefix = prefix;
        _marker = $"\"comment\":\"{prefix}:";
        _scheduled = new long[count];
        _remaining = new int[count];
        _failed = new int[count];
        _micros = new long[count];
        _firstArrival = new long[count];
        _sinceStampMicros = new long[count];
        Array.Fill(_remaining, membersPerRoom);
        Array.Fill(_micros, -1);
    }

    public int Count => _scheduled.Length;

    /// <summary>Told each decision's latency in microseconds as its last member receives it (S7: the latency of each sampling interval).</summary>
    public Action<long>? Completed { get; init; }

    public long Deliveries => Interlocked.Read(ref _deliveries);

    public long LastCompletion => Interlocked.Read(ref _lastCompletion);

    public string Comment(int id) => $"{_prefix}:{id}";

    /// <summary>The decision id in a <c>decisionCast</c> payload's comment, if it is one of ours.</summary>
    public int? IdOf(string payload)
    {
        var at = payload.IndexOf(_marker, StringComparison.Ordinal);
        if (at < 0)
            return null;
        var digits = payload.AsSpan(at + _marker.Length);
        var end = digits.IndexOf('"');
        return end > 0 && int.TryParse(digits[..end], out var id) ? id : null;
    }

    public void Scheduled(int id, long timestamp) => _scheduled[id] = timestamp;

    /// <summary>When decision <paramref name="id"/> was due (a Stopwatch timestamp).</summary>
    public long ScheduledAt(int id) => _scheduled[id];

    public void Failed(int id) => Interlocked.Exchange(ref _failed[id], 1);

    /// <param name="sinceStampMicros">
    /// Wall-clock microseconds from the time the server stamped on the event (Consult: the room's turn, before its write;
    /// the bare hubs: the hub's call) to this arrival, or null where unknown: the leg after the stamp (<see cref="Legs"/>).
    /// </param>
    public void Delivered(int id, long arrived, long? sinceStampMicros = null)
    {
        if ((uint)id >= (uint)_remaining.Length)
            return;
        Interlocked.Increment(ref _deliveries);
        Interlocked.CompareExchange(ref _firstArrival[id], arrived, 0);
        if (Interlocked.Decrement(ref _remaining[id]) != 0)
            return;
        Volatile.Write(ref _sinceStampMicros[id], sinceStampMicros ?? -1);
        var micros = (long)Stopwatch.GetElapsedTime(_scheduled[id], arrived).TotalMicroseconds;
        Volatile.Write(ref _micros[id], Math.Max(0, micros));
        lock (_latencyMicros)
            _latencyMicros.RecordValue(Math.Max(0, micros));
        Completed?.Invoke(Math.Max(0, micros));
        InterlockedMax(ref _lastCompletion, arrived);
    }

    /// <summary>Decisions acknowledged or refused, and all delivered.</summary>
    public (int Completed, int Failed, long MissingDeliveries) Tally(int sent)
    {
        int completed = 0, failed = 0;
        long missing = 0;
        for (var i = 0; i < sent; i++)
        {
            var remaining = Volatile.Read(ref _remaining[i]);
            if (Volatile.Read(ref _failed[i]) == 1)
                failed++;
            else if (remaining <= 0)
                completed++;
            else
                missing += remaining;
        }

        return (completed, failed, missing);
    }

    /// <summary>Decisions a member applied more than once: recorded twice by the server (a retried call whose idempotency key did not hold).</summary>
    public int RecordedTwice(int sent)
    {
        var twice = 0;
        for (var i = 0; i < sent; i++)
        {
            if (Volatile.Read(ref _remaining[i]) < 0)
                twice++;
        }

        return twice;
    }

    public (double P50, double P90, double P99, double P999, double Max, long Count) Percentiles()
    {
        lock (_latencyMicros)
        {
            if (_latencyMicros.TotalCount == 0)
                return (double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0);
            double Ms(long micros) => micros / 1000.0;
            return (Ms(_latencyMicros.GetValueAtPercentile(50)), Ms(_latencyMicros.GetValueAtPercentile(90)),
                Ms(_latencyMicros.GetValueAtPercentile(99)), Ms(_latencyMicros.GetValueAtPercentile(99.9)),
                Ms(_latencyMicros.GetMaxValue()), _latencyMicros.TotalCount);
        }
    }

    /// <summary>
    /// When the decisions slower than <paramref name="thresholdMs"/> (the window's p99) were due, by whole seconds
    /// from <paramref name="start"/>: a tail made by a few stalls sits in one or two seconds, a tail made by
    /// queueing on busy cores is spread over the window.
    /// </summary>
    public TailShape Tail(double thresholdMs, long start)
    {
        var bySecond = new Dictionary<long, int>();
        var count = 0;
        for (var i = 0; i < _micros.Length; i++)
        {
            var micros = Volatile.Read(ref _micros[i]);
            if (micros < 0 || micros / 1000.0 <= thresholdMs)
                continue;
            count++;
            var second = (long)Stopwatch.GetElapsedTime(start, _scheduled[i]).TotalSeconds;
            bySecond[second] = bySecond.GetValueOrDefault(second) + 1;
        }

        if (count == 0)
            return new TailShape(thresholdMs, 0, 0, double.NaN, -1);
        var worst = bySecond.MaxBy(kv => kv.Value);
        var topThree = bySecond.Values.OrderDescending().Take(3).Sum();
        return new TailShape(thresholdMs, count, bySecond.Count, (double)worst.Value / count, worst.Key) { TopThreeShare = (double)topThree / count };
    }

    /// <summary>
    /// Where each decision's time went: before the server's stamp (the caller's send, the hub, for Consult the hop to the
    /// room's turn), after it to the room's last member (for Consult the write, for B3 Redis; the fan-out, the sockets and
    /// this tool), and the spread between the room's first and last member; the medians over all decisions and over those
    /// slower than <paramref name="thresholdMs"/>. Null when no arrival carried a stamp.
    /// </summary>
    public DecisionLegs? Legs(double thresholdMs)
    {
        List<(double Before, double After, double Spread)> all = [], slow = [];
        for (var i = 0; i < _micros.Length; i++)
        {
            var micros = Volatile.Read(ref _micros[i]);
            var after = Volatile.Read(ref _sinceStampMicros[i]);
            if (micros < 0 || after < 0)
                continue;
            var spread = Stopwatch.GetElapsedTime(Volatile.Read(ref _firstArrival[i]), _scheduled[i] + micros * Stopwatch.Frequency / 1_000_000).TotalMilliseconds;
            var leg = ((micros - after) / 1000.0, after / 1000.0, Math.Max(0, spread));
            all.Add(leg);
            if (micros / 1000.0 > thresholdMs)
                slow.Add(leg);
        }

        if (all.Count == 0)
            return null;
        (double P50, double P99, double SlowMedian) Leg(Func<(double Before, double After, double Spread), double> pick)
        {
            double[] sorted = [.. all.Select(pick).Order()], slowSorted = [.. slow.Select(pick).Order()];
            return (At(sorted, 0.5), At(sorted, 0.99), At(slowSorted, 0.5));
        }

        return new DecisionLegs(Leg(l => l.Before), Leg(l => l.After), Leg(l => l.Spread));
    }

    /// <summary>
    /// The share of the decisions (all, and those slower than <paramref name="thresholdMs"/>) in flight, from due to their
    /// room's last member, during a sampling interval in which the server stood paused for a collection, and in which this
    /// tool did. If collections made the tail, the slow decisions would be in such intervals far more often than all are.
    /// </summary>
    public PauseOverlap InPauses(double thresholdMs, IReadOnlyList<WindowTimeline.Slot> slots)
    {
        long[] serverPaused = [.. slots.Where(s => s.ServerPausedMs > 0).SelectMany(s => new[] { s.From, s.To })];
        long[] toolPaused = [.. slots.Where(s => s.ToolPausedMs > 0).SelectMany(s => new[] { s.From, s.To })];
        int all = 0, slow = 0, allServer = 0, slowServer = 0, allTool = 0, slowTool = 0;
        for (var i = 0; i < _micros.Length; i++)
        {
            var micros = Volatile.Read(ref _micros[i]);
            if (micros < 0)
                continue;
            var (from, to) = (_scheduled[i], _scheduled[i] + micros * Stopwatch.Frequency / 1_000_000);
            var isSlow = micros / 1000.0 > thresholdMs;
            var (inServer, inTool) = (Overlaps(serverPaused, from, to), Overlaps(toolPaused, from, to));
            all++;
            allServer += inServer ? 1 : 0;
            allTool += inTool ? 1 : 0;
            if (!isSlow)
                continue;
            slow++;
            slowServer += inServer ? 1 : 0;
            slowTool += inTool ? 1 : 0;
        }

        double Share(int part, int whole) => whole == 0 ? double.NaN : (double)part / whole;
        var window = slots.Count == 0 ? 0 : slots[^1].To - slots[0].From;
        double Covered(long[] bounds) => window <= 0 ? double.NaN
            : (double)Enumerable.Range(0, bounds.Length / 2).Sum(k => bounds[2 * k + 1] - bounds[2 * k]) / window;
        return new PauseOverlap(Covered(serverPaused), Share(allServer, all), Share(slowServer, slow), Covered(toolPaused), Share(allTool, all), Share(slowTool, slow));
    }

    /// <summary>Whether [from, to] meets one of the intervals in <paramref name="bounds"/> (start, end pairs, in order).</summary>
    private static bool Overlaps(long[] bounds, long from, long to)
    {
        // The first interval ending at or after from; it overlaps when it starts at or before to.
        int low = 0, high = bounds.Length / 2;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (bounds[2 * middle + 1] < from)
                low = middle + 1;
            else
                high = middle;
        }

        return low < bounds.Length / 2 && bounds[2 * low] <= to;
    }

    /// <summary>The value at quantile <paramref name="q"/> of values sorted ascending (NaN when there are none).</summary>
    private static double At(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
                return;
            current = seen;
        }
    }
}
