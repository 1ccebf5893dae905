using System.Globalization;

namespace Consult.Load.Measurement;

/// <summary>
/// Where a Consult server spent a measured window's decisions, from its own histograms in
/// <c>/metrics</c> read before and after the window: the hub's <c>CastDecision</c> call, the
/// storage's writes and group commits, and the relay's hand-over. Percentiles are estimated from
/// the histograms' buckets (linear within a bucket), so they are as fine as the buckets; a bare
/// hub has no <c>/metrics</c> and no figures.
/// </summary>
public sealed record ServerTiming(Percentiles Call, Percentiles Write, Percentiles Commit, Percentiles Delivery, double WritesPerCommit)
{
    public const string CallSeries = "consult_hub_call_duration_seconds_bucket";
    public const string WriteSeries = "consult_storage_write_duration_seconds_bucket";
    public const string CommitSeries = "consult_storage_commit_duration_seconds_bucket";
    public const string DeliverySeries = "consult_decision_delivery_duration_seconds_bucket";

    /// <summary>The scrape's histogram buckets (cumulative counts by upper bound), or null when the server has no <c>/metrics</c>.</summary>
    public static async Task<Buckets?> Read(HttpClient client, Uri server, CancellationToken cancellation)
    {
        using var response = await client.GetAsync(new Uri(server, "/metrics"), cancellation);
        if (!response.IsSuccessStatusCode)
            return null;
        return Buckets.Parse(await response.Content.ReadAsStringAsync(cancellation));
    }

    public static ServerTiming? Between(Buckets? before, Buckets? after)
    {
        if (before is null || after is null)
            return null;
        var commits = after.Count("consult_storage_commit_writes_count") - before.Count("consult_storage_commit_writes_count");
        var writes = after.Count("consult_storage_commit_writes_sum") - before.Count("consult_storage_commit_writes_sum");
        return new ServerTiming(
            Percentiles.Of(before, after, CallSeries, "method=\"CastDecision\""),
            Percentiles.Of(before, after, WriteSeries),
            Percentiles.Of(before, after, CommitSeries),
            Percentiles.Of(before, after, DeliverySeries),
            commits <= 0 ? double.NaN : writes / commits);
    }

    /// <summary>Cumulative bucket counts of one scrape: series name + the labels other than <c>le</c>, by upper bound.</summary>
    public sealed class Buckets
    {
        private readonly Dictionary<string, SortedDictionary<double, double>> _series = new(StringComparer.Ordinal);
        private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);

        public static Buckets Parse(string text)
        {
            var buckets = new Buckets();
            foreach (var raw in text.Split('\n'))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#')
                    continue;
                var space = line.LastIndexOf(' ');
                if (space < 0 || !double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    continue;
                var key = line[..space].Trim();
                // A trailing timestamp: "name{…} value timestamp".
                var inner = key.LastIndexOf(' ');
                if (inner > 0 && !key.EndsWith('}'))
                {
                    if (!double.TryParse(key[(inner + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out value))
                        continue;
                    key = key[..inner].Trim();
                }

                var brace = key.IndexOf('{');
                var name = brace < 0 ? key : key[..brace];
                if (!name.EndsWith("_bucket", StringComparison.Ordinal))
                {
                    buckets._values[name] = buckets._values.GetValueOrDefault(name) + value;
                    continue;
                }

                var labels = brace < 0 ? [] : key[(brace + 1)..^1].Split(',', StringSplitOptions.RemoveEmptyEntries);
                var le = labels.FirstOrDefault(l => l.StartsWith("le=", StringComparison.Ordinal));
                if (le is null)
                    continue;
                var bound = le[4..^1] is var text2 && text2 == "+Inf" ? double.PositiveInfinity : double.Parse(text2, CultureInfo.InvariantCulture);
                var series = name + "|" + string.Join(",", labels.Where(l => l != le && !l.StartsWith("otel_scope", StringComparison.Ordinal)));
                if (!buckets._series.TryGetValue(series, out var counts))
                    buckets._series[series] = counts = new SortedDictionary<double, double>();
                counts[bound] = counts.GetValueOrDefault(bound) + value;
            }

            return buckets;
        }

        /// <summary>A plain sample's value (summed over its label sets); 0 when absent.</summary>
        public double Count(string name) => _values.GetValueOrDefault(name);

        /// <summary>The cumulative counts of <paramref name="name"/>'s series whose labels contain <paramref name="label"/>, summed.</summary>
        public SortedDictionary<double, double> Of(string name, string? label)
        {
            var sum = new SortedDictionary<double, double>();
            foreach (var (series, counts) in _series)
            {
                var bar = series.IndexOf('|');
                if (series[..bar] != name || (label is not null && !series[(bar + 1)..].Split(',').Contains(label)))
                    continue;
                foreach (var (bound, count) in counts)
                    sum[bound] = sum.GetValueOrDefault(bound) + count;
            }

            return sum;
        }
    }
}

/// <summary>A histogram's count and estimated p50 / p99 (milliseconds) over a window.</summary>
public sealed record Percentiles(double Count, double P50, double P99)
{
    public static Percentiles Of(ServerTiming.Buckets before, ServerTiming.Buckets after, string name, string? label = null)
    {
        var start = before.Of(name, label);
        var end = after.Of(name, label);
        var bounds = end.Keys.ToList();
        var counts = bounds.Select(b => end[b] - start.GetValueOrDefault(b)).ToList();
        var total = counts.Count == 0 ? 0 : counts[^1];
        return new Percentiles(total, Quantile(bounds, counts, total, 0.50), Quantile(bounds, counts, total, 0.99));
    }

    /// <summary>Linear within the bucket the quantile falls in; the last finite bound when it falls beyond.</summary>
    private static double Quantile(List<double> bounds, List<double> cumulative, double total, double q)
    {
        if (total <= 0)
            return double.NaN;
        var target = q * total;
        for (var i = 0; i < bounds.Count; i++)
        {
            if (cumulative[i] < target)
                continue;
            if (double.IsPositiveInfinity(bounds[i]))
                return (i > 0 ? bounds[i - 1] : double.NaN) * 1000;
            var lower = i == 0 ? 0 : bounds[i - 1];
            var below = i == 0 ? 0 : cumulative[i - 1];
            var inBucket = cumulative[i] - below;
            var fraction = inBucket <= 0 ? 1 : (target - below) / inBucket;
            return (lower + (bounds[i] - lower) * fraction) * 1000;
        }

        return double.NaN;
    }
}
