using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Consult.Storage;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Consult.Server.Hosting;

/// <summary>
/// Cluster mode's rows for each node's own projection (its case index, its metrics index): read
/// from the grain storage's hashes in Redis (<c>{ServiceId}/state/{grainId}/{stateName}</c>, fields
/// <c>etag</c> and <c>data</c>, as Orleans' Redis storage writes them), and told between nodes
/// through a Redis stream of the projection's own (<c>{ServiceId}/{stream}</c>): the node whose grain
/// stored a row adds it (<see cref="Stored"/>), every node reads what was added since it last
/// looked (<see cref="StoredElsewhere"/>).
/// </summary>
/// <remarks>
/// A notice can be missed: its node dies between the write and the notice, or the stream (capped
/// at <see cref="StreamLength"/> entries) drops it before a node reads it. The second is seen
/// (Redis counts the entries ever added, so fewer read than added is a gap); for the first, each
/// node looks every day row over every <paramref name="lookOverPeriod"/>. A look-over lists the rows' keys with <c>SCAN</c>
/// and reads only their versions; rows are read whole only when their version changed.
/// </remarks>
public sealed class RedisStoredRows(Func<Task<IConnectionMultiplexer>> connect, IOptions<ClusterOptions> cluster, TimeProvider time, TimeSpan lookOverPeriod, string stream) : IStoredRows
{
    /// <summary>How many notices the stream keeps (about: Redis trims whole nodes of it); a node that reads less often than that looks every row over.</summary>
    public const int StreamLength = 100_000;

    /// <summary>The streams of the case index and the metrics index (under <c>{ServiceId}/</c>).</summary>
    public const string CaseDayStream = "case-day-stored", MetricsStream = "metrics-stored";

    private const int ReadBatch = 10_000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Task<IConnectionMultiplexer>? _connection;
    // The newest notice read, and how many had been added up to it.
    private (string Id, long Added)? _read;
    private DateTimeOffset _lookedOverAt;

    private string ServiceId => cluster.Value.ServiceId;

    private RedisKey Stream => $"{ServiceId}/{stream}";

    /// <summary>The key Orleans' Redis grain storage keeps a grain's state under (its default: <c>{ServiceId}/state/{grainId}/{stateName}</c>).</summary>
    public static string StateKey(string serviceId, string grainId, string stateName) => $"{serviceId}/state/{grainId}/{stateName}";

    private Task<IConnectionMultiplexer> Connection() => _connection is { IsCompletedSuccessfully: true } ready ? ready : _connection = connect();

    private async Task<IDatabase> Database() => (await Connection()).GetDatabase();

    public async Task<List<(string GrainId, string StateName, long ETag)>> All(string grainPrefix, string statePrefix, CancellationToken cancellationToken)
    {
        var connection = await Connection();
        var server = connection.GetServers().First(s => !s.IsReplica);
        var database = connection.GetDatabase();
        // The keys of the grains whose id starts with the prefix: "{ServiceId}/state/{grainPrefix}*" (the prefix ends in the grain type's "/").
        var prefix = StateKey(ServiceId, grainPrefix, "")[..^1];
        var keys = new List<(string GrainId, string StateName, RedisKey Key)>();
        await foreach (var key in server.KeysAsync(database.Database, Glob(prefix) + "*", pageSize: 1_000).WithCancellation(cancellationToken))
        {
            var name = key.ToString();
            var slash = name.LastIndexOf('/');
            var grainId = name[(ServiceId.Length + "/state/".Length)..slash];
            var stateName = name[(slash + 1)..];
            if (stateName.StartsWith(statePrefix, StringComparison.Ordinal))
                keys.Add((grainId, stateName, key));
        }

        var rows = new List<(string, string, long)>(keys.Count);
        foreach (var chunk in keys.Chunk(1_000))
        {
            // One round trip per thousand rows: the client pipelines the calls.
            var etags = await Task.WhenAll(chunk.Select(k => database.HashGetAsync(k.Key, "etag")));
            for (var i = 0; i < chunk.Length; i++)
            {
                if (!etags[i].IsNull)
                    rows.Add((chunk[i].GrainId, chunk[i].StateName, Version(etags[i]!)));
            }
        }

        return rows;
    }

    public async Task<long?> ETag(string grainId, string stateName, CancellationToken cancellationToken)
    {
        var etag = await (await Database()).HashGetAsync(StateKey(ServiceId, grainId, stateName), "etag");
        return etag.IsNull ? null : Version(etag!);
    }

    public async Task<(long ETag, byte[] Data)?> Data(string grainId, string stateName, CancellationToken cancellationToken)
    {
        var fields = await (await Database()).HashGetAsync(StateKey(ServiceId, grainId, stateName), ["etag", "data"]);
        // A cleared row keeps its version with empty data: nothing to take in.
        if (fields[0].IsNull || fields[1].IsNull || ((byte[])fields[1]!).Length == 0)
            return null;
        return (Version(fields[0]!), (byte[])fields[1]!);
    }

    public void Stored(string grainId, string stateName) => _ = Tell(grainId, stateName);

    private async Task Tell(string grainId, string stateName)
    {
        try
        {
            // After the write's own command on the same connection, so a node that reads the notice finds the row stored.
            await (await Database()).StreamAddAsync(Stream, [new("g", grainId), new("s", stateName)], maxLength: StreamLength, useApproximateMaxLength: true, flags: CommandFlags.FireAndForget);
        }
        catch (Exception e) when (e is RedisException or InvalidOperationException or TimeoutException)
        {
            // A notice lost: the other nodes' next look-over finds the row.
        }
    }

    public async Task<(bool LookOver, IReadOnlyCollection<(string GrainId, string StateName)> Rows)> StoredElsewhere(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var database = await Database();
            var now = time.GetUtcNow();
            // How many notices were ever added, up to which one: read before the entries, so a trim in between shows as a gap.
            var (added, newest) = await Added(database);
            if (_read is not { } read)
            {
                // The first look: from the stream's end as it is now; the index looks every row over.
                _read = (newest, added);
                _lookedOverAt = now;
                return (true, []);
            }

            var rows = new List<(string, string)>();
            var position = read.Id;
            while (Compare(position, newest) < 0)
            {
                var entries = await database.StreamRangeAsync(Stream, "(" + position, newest, count: ReadBatch);
                if (entries.Length == 0)
                    break;
                foreach (var entry in entries)
                    rows.Add(((string)entry["g"]!, (string)entry["s"]!));
                position = entries[^1].Id!;
            }

            // Fewer read than were added since: the stream dropped some before this node read them.
            var missed = rows.Count < added - read.Added;
            _read = (newest, added);
            if (!missed && now - _lookedOverAt < lookOverPeriod)
                return (false, rows);
            _lookedOverAt = now;
            return (true, rows);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>How many entries were ever added to the stream, and the newest one's id (none: 0, <c>0-0</c>).</summary>
    private async Task<(long Added, string Newest)> Added(IDatabase database)
    {
        RedisResult info;
        try
        {
            info = await database.ExecuteAsync("XINFO", "STREAM", Stream);
        }
        catch (RedisServerException)
        {
            // No stream yet: nothing told.
            return (0, "0-0");
        }

        var fields = (RedisResult[])info!;
        long added = 0;
        var newest = "0-0";
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            switch ((string?)fields[i])
            {
                case "entries-added":
                    added = (long)fields[i + 1];
                    break;
                case "last-generated-id":
                    newest = (string)fields[i + 1]!;
                    break;
            }
        }

        return (added, newest);
    }

    private static int Compare(string left, string right)
    {
        static (ulong, ulong) Parse(string id)
        {
            var dash = id.IndexOf('-', StringComparison.Ordinal);
            return dash < 0
                ? (ulong.Parse(id, CultureInfo.InvariantCulture), 0)
                : (ulong.Parse(id.AsSpan(0, dash), CultureInfo.InvariantCulture), ulong.Parse(id.AsSpan(dash + 1), CultureInfo.InvariantCulture));
        }

        return Parse(left).CompareTo(Parse(right));
    }

    /// <summary>The index compares versions as numbers; Redis' are strings (a new GUID each write), so a stable 64-bit digest of one stands for it.</summary>
    private static long Version(string etag) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(etag)), 0);

    private static string Glob(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
                escaped.Append('\\');
            escaped.Append(c);
        }

        return escaped.ToString();
    }

    public void Dispose() => _gate.Dispose();
}
