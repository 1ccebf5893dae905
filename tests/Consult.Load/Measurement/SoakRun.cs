using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Consult.Cases;
using Consult.Client;
using Consult.Common;
using Consult.Load.Baselines;
using Consult.Realtime;
using Consult.Rooms;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Consult.Load.Measurement;

/// <summary>
/// S7, the soak: Consult (B2: SQLite storage) under decisions, chat, members leaving and rejoining,
/// and rooms closing and being replaced, for an hour by default; sampled every
/// <see cref="SoakSettings.SampleEvery"/>. Every member of every room it opened is checked to have
/// applied every event of its room, once and in order, by the room's end (its close, or the run's).
/// </summary>
public sealed partial class SoakRun(LoadSettings settings, SoakSettings soak, Baseline baseline, TextWriter log)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentDictionary<string, int> _reconnectReasons = new(StringComparer.Ordinal);
    private readonly Lock _poolLock = new();
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private List<SoakRoom> _pool = [];
    private int _roomNumber;
    private int _errorCount;
    private int _reconnects;
    private int _membersChecked;
    private long _eventsChecked;
    private long _eventsNotReceived;
    private long _gaps;
    private long _duplicates;
    private ServerProcess _server = null!;
    private HttpClient _http = null!;
    private DecisionLedger _ledger = null!;
    private string[] _departments = [];

    public async Task<SoakResult> Execute(CancellationToken cancellation)
    {
        if (baseline is not (Baseline.B1 or Baseline.B2))
            throw new ArgumentException("S7 runs against Consult (B2, or B1 for in-memory storage): the bare hub has no chat, resync or closing.");
        log.WriteLine($"[{baseline} S7] starting the server");
        await using var server = _server = await ServerProcess.StartConsult(settings.ServerDll, RoomSetup.Password, memoryStorage: baseline == Baseline.B1, settings.ServerGc);
        using var http = _http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
        _departments = await Departments(cancellation);
        foreach (var user in _departments.Prepend("window").Append("manager"))
            _tokens[user] = await RoomSetup.SignIn(http, user, cancellation);
        // One slot per scheduled decision; a little room for the decisions due in the last loop turn.
        _ledger = new DecisionLedger("soak", (int)(settings.DecisionsPerSecond * settings.Duration.TotalSeconds) + 16, SoakSettings.StableMembers)
        {
            Completed = RecordLatency,
        };

        log.WriteLine($"[{baseline} S7] opening {settings.Rooms} rooms with {settings.Participants} connections each");
        var setup = Stopwatch.StartNew();
        var opened = new SoakRoom[settings.Rooms];
        await Parallel.ForAsync(0, settings.Rooms, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellation }, async (i, ct) =>
            opened[i] = await OpenRoom(ct));
        lock (_poolLock)
            _pool = [.. opened.OrderBy(r => r.Number)];
        var setupTime = setup.Elapsed;
        await Task.Delay(Settle, cancellation);
        var heapStart = await server.Heap(cancellation);

        log.WriteLine($"[{baseline} S7] set up in {setupTime.TotalSeconds:F0} s; running {settings.Duration.TotalSeconds:F0} s: {settings.DecisionsPerSecond} decisions/s, {soak}");
        var traffic = await RunTraffic(cancellation);

        log.WriteLine($"[{baseline} S7] checking every room still open");
        SoakRoom[] remaining;
        lock (_poolLock)
            remaining = [.. _pool];
        await Parallel.ForEachAsync(remaining, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellation }, async (room, ct) =>
        {
            try
            {
                await Check(room, await LastSeq(room, ct), ct);
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
            {
                Error($"check {room.RoomId}", e);
            }
        });
        var heapEnd = await server.Heap(cancellation);
        await Parallel.ForEachAsync(remaining.SelectMany(r => r.Members), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (m, _) => await m.Connection.DisposeAsync());

        var sent = traffic.Decisions;
        var (_, failed, missing) = _ledger.Tally(sent);
        var (p50, _, p99, max, _) = SoakSample.Percentiles(_whole);
        return new SoakResult(
            baseline, traffic.Samples, Windows(), soak.WarmUp(settings.Duration), setupTime, settings.Rooms,
            sent, failed, missing, traffic.Chats, traffic.ChatsFailed, traffic.Leaves, traffic.Rejoins, traffic.Closed, traffic.Opened,
            traffic.TurnoverFailures, traffic.TurnoversSkipped,
            _membersChecked, _eventsChecked, _eventsNotReceived, _gaps, _duplicates, _reconnects, p50, p99, max, heapStart, heapEnd, [.. _errors.Take(10)])
        {
            ReconnectReasons = _reconnectReasons.ToDictionary(StringComparer.Ordinal),
            CallsRetried = _callsRetried,
            DecisionsRecordedTwice = _ledger.RecordedTwice(sent),
        };
    }

    /// <summary>A case registered and a consultation opened through REST by the convener, then its connections joined (each catching up from seq 0).</summary>
    private async Task<SoakRoom> OpenRoom(CancellationToken cancellation)
    {
        var number = Interlocked.Increment(ref _roomNumber);
        var caseId = await RoomSetup.CreateCase(_http, _tokens["window"], number, cancellation);
        // Three consecutive departments of the run's, the next three for the next room: each department is in 3 / N of the rooms.
        string[] departments = [.. Enumerable.Range(0, LoadSettings.Departments).Select(k => _departments[(int)(((long)number * LoadSettings.Departments + k) % _departments.Length)])];
        object request = MatterSeats ? new { } : new { seats = departments.Select(d => new SeatRequest(d, SeatRole.Required)) };
        var roomId = await RoomSetup.Post(_http, _tokens["window"], $"/api/v1/cases/{caseId}/consultations", request, "roomId", cancellation);
        var room = new SoakRoom(Guid.Parse(roomId), _ledger, number);
        MemberPlan[] plans =
        [
            new("window", null, _tokens["window"]),
            .. departments.Select(d => new MemberPlan(d, d, _tokens[d])),
            .. Enumerable.Range(0, settings.Participants - LoadSettings.Departments - 1).Select(_ => new MemberPlan("manager", null, _tokens["manager"])),
        ];
        for (var i = 0; i < plans.Length; i++)
        {
            var token = plans[i].AccessToken;
            var connection = ConsultHub.Connect(_server.Address, () => Task.FromResult(token));
            var member = new SoakMember(room, plans[i], connection, stable: i < SoakSettings.StableMembers);
            connection.On<RoomEvent>(HubContract.RoomEvent, member.OnEvent);
            UnusedMessages.Drop(connection);
            connection.Reconnecting += e =>
            {
                Interlocked.Increment(ref _reconnects);
                _reconnectReasons.AddOrUpdate(ReconnectReason(e), 1, (_, n) => n + 1);
                return Task.CompletedTask;
            };
            connection.Reconnected += async _ =>
            {
                try
                {
                    await member.Rejoin(cancellation);
                }
                catch (Exception e) when (e is HubException or InvalidOperationException or TaskCanceledException)
                {
                    Error($"rejoin {room.RoomId}", e);
                }
            };
            room.Members.Add(member);
        }

        await Task.WhenAll(room.Members.Select(async m =>
        {
            await m.Connection.StartAsync(cancellation);
            await m.Join(cancellation);
        }));
        return room;
    }

    /// <summary>Takes the room out of the traffic: nothing new is sent to it from now on.</summary>
    private void Retire(SoakRoom room)
    {
        room.Closing = true;
        lock (_poolLock)
            _pool = [.. _pool.Where(r => r != room)];
    }

    /// <summary>
    /// Once the room is out of the traffic (<see cref="Retire"/>), lets its calls finish and its away members come back,
    /// closes it as the convener does (<c>POST /api/v1/consultations/{id}/close</c>), checks every
    /// member received everything up to the close, drops its connections and opens a new room in its place.
    /// </summary>
    private async Task<SoakRoom> Replace(SoakRoom room, CancellationToken cancellation)
    {
        await Task.Delay(500, cancellation);
        // A call interrupted by a lost connection waits up to the bound for the reconnect before it is sent again.
        await Until(() => room.InFlight == 0 && room.Members.All(m => !m.Away), cancellation, 3 * Bound);
        var closed = await RoomSetup.Post(_http, _tokens["window"], $"/api/v1/consultations/{room.RoomId}/close", new { statement = $"Soak room {room.Number} closed." }, "seq", cancellation);
        Interlocked.Increment(ref _closed);
        await Check(room, long.Parse(closed, System.Globalization.CultureInfo.InvariantCulture), cancellation);
        await Task.WhenAll(room.Members.Select(m => m.Connection.DisposeAsync().AsTask()));

        var replacement = await OpenRoom(cancellation);
        lock (_poolLock)
            _pool = [.. _pool, replacement];
        Interlocked.Increment(ref _opened);
        return replacement;
    }

    /// <summary>Waits (bounded) until every member applied the room's events up to <paramref name="lastSeq"/>, then adds up what each did not.</summary>
    private async Task Check(SoakRoom room, long lastSeq, CancellationToken cancellation)
    {
        await Until(() => room.Members.All(m => m.Applied >= lastSeq), cancellation);
        foreach (var m in room.Members)
        {
            Interlocked.Increment(ref _membersChecked);
            Interlocked.Add(ref _eventsChecked, lastSeq);
            Interlocked.Add(ref _eventsNotReceived, Math.Max(0, lastSeq - m.Applied));
            Interlocked.Add(ref _gaps, m.Gaps);
            Interlocked.Add(ref _duplicates, m.Duplicates);
        }
    }

    /// <summary>
    /// The load benchmark's three departments (the default): rooms keep the matter's own seats, as in
    /// <see cref="RoomSetup.Consult"/>. With <c>--departments N</c> each room gets three required seats instead.
    /// </summary>
    private bool MatterSeats => soak.Departments == LoadSettings.Departments;

    /// <summary>
    /// The departments the rooms invite: the load benchmark's three (<see cref="RoomSetup.Departments"/>), or with
    /// <c>--departments N</c> the first N of the catalogue (<c>GET /api/v1/catalog/departments</c>; each has a demo account).
    /// </summary>
    private async Task<string[]> Departments(CancellationToken cancellation)
    {
        if (MatterSeats)
            return [.. RoomSetup.Departments];
        var catalogue = await _http.GetFromJsonAsync<JsonArray>("/api/v1/catalog/departments", ConsultJson.Options, cancellation);
        string[] codes = [.. catalogue!.Select(d => d!["code"]!.GetValue<string>())];
        if (codes.Length < soak.Departments)
            throw new ArgumentException($"--departments {soak.Departments}: the server's catalogue has {codes.Length}.");
        return [.. codes.Take(soak.Departments)];
    }

    /// <summary>The room's last seq as the server has it (<c>GET /api/v1/consultations/{id}</c>).</summary>
    private async Task<long> LastSeq(SoakRoom room, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/consultations/{room.RoomId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _tokens["window"]);
        using var response = await _http.SendAsync(request, cancellation);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonNode>(ConsultJson.Options, cancellation);
        return body!["seq"]!.GetValue<long>();
    }

    private static async Task Until(Func<bool> condition, CancellationToken cancellation, TimeSpan? bound = null)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)((bound ?? Bound).TotalSeconds * Stopwatch.Frequency);
        while (!condition() && Stopwatch.GetTimestamp() < deadline)
            await Task.Delay(50, cancellation);
    }

    /// <summary>Why SignalR lost the connection, shortened so that the same cause adds up under one line.</summary>
    private static string ReconnectReason(Exception? e) =>
        e is null ? "closed by the server without an error" : $"{e.GetType().Name}: {(e.Message.Length > 120 ? e.Message[..120] : e.Message)}";

    private void Error(string what, Exception e)
    {
        if (Interlocked.Increment(ref _errorCount) <= 10)
            _errors.Enqueue($"{what}: {e.GetType().Name}: {e.Message}");
    }

    /// <summary>The rooms taking traffic now (a list never changed once published: a change publishes a new one).</summary>
    private IReadOnlyList<SoakRoom> Pool()
    {
        lock (_poolLock)
            return _pool;
    }
}
