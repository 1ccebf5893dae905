using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Consult.Client;
using Consult.Load.Baselines;
using Consult.Realtime;
using Consult.Rooms;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Consult.Load.Measurement;

/// <summary>One baseline, one repetition: start the server, set up rooms, connect, cast decisions open loop, measure, stop.</summary>
public sealed class LoadRun(LoadSettings settings, Baseline baseline, int repetition, TextWriter log)
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);
    private readonly ConcurrentQueue<string> _errors = new();
    private int _errorCount;
    private int _reconnects;

    public async Task<RunResult> Execute(CancellationToken cancellation)
    {
        log.WriteLine($"[{baseline} rep {repetition}] starting the server");
        await using var redis = baseline == Baseline.B3 ? await RedisServer.Start(cancellation) : null;
        await using var server = baseline switch
        {
            Baseline.B0 => await ServerProcess.StartBare(),
            Baseline.B3 => await ServerProcess.StartBare(redis!.Endpoint),
            _ => await ServerProcess.StartConsult(settings.ServerDll, RoomSetup.Password, memoryStorage: baseline == Baseline.B1),
        };

        var bare = baseline is Baseline.B0 or Baseline.B3;
        var setupClock = Stopwatch.StartNew();
        var rooms = bare ? RoomSetup.Bare(settings) : await RoomSetup.Consult(server.Address, settings, cancellation);
        var setupTime = setupClock.Elapsed;
        await Task.Delay(Settle, cancellation);
        var rssReady = server.Rss();
        var heapReady = await server.Heap(cancellation);

        log.WriteLine($"[{baseline} rep {repetition}] {rooms.Count} rooms set up in {setupTime.TotalSeconds:F1} s; connecting {settings.Connections} connections");
        var connectClock = Stopwatch.StartNew();
        var members = await Connect(server.Address, rooms, cancellation);
        var connectTime = connectClock.Elapsed;
        try
        {
            await Task.Delay(Settle, cancellation);
            var rssConnected = server.Rss();
            var heapConnected = await server.Heap(cancellation);

            // Warm-up: the same rate for a few seconds, not measured (JIT, first grain calls, connection pools).
            var warmUpTotal = (int)(settings.DecisionsPerSecond * Math.Min(WarmUp.TotalSeconds, settings.Duration.TotalSeconds));
            var warmUp = new DecisionLedger("warm", warmUpTotal, settings.Participants);
            foreach (var member in members)
                member.Ledger = warmUp;
            log.WriteLine($"[{baseline} rep {repetition}] connected in {connectTime.TotalSeconds:F1} s; warming up with {warmUpTotal} decisions");
            await Drain(warmUp, await Cast(members, warmUp, warmUpTotal, Stopwatch.GetTimestamp(), cancellation), warmUpTotal, cancellation);

            var total = settings.DecisionsPerSecond * (int)settings.Duration.TotalSeconds;
            var ledger = new DecisionLedger("load", total, settings.Participants);
            foreach (var member in members)
            {
                member.Ledger = ledger;
                member.Arm();
            }

            log.WriteLine($"[{baseline} rep {repetition}] measuring {total} decisions at {settings.DecisionsPerSecond}/s");
            var cpuBefore = server.CpuTime();
            var start = Stopwatch.GetTimestamp();
            var calls = await Cast(members, ledger, total, start, cancellation);
            await Drain(ledger, calls, total, cancellation);
            var cpu = server.CpuTime() - cpuBefore;
            var rssEnd = server.Rss();

            var (completed, failed, missing) = ledger.Tally(total);
            var (p50, p90, p99, p999, max, _) = ledger.Percentiles();
            var window = ledger.LastCompletion > start ? Stopwatch.GetElapsedTime(start, ledger.LastCompletion).TotalSeconds : settings.Duration.TotalSeconds;
            return new RunResult(
                baseline, repetition, members.Count, rooms.Count, p50, p90, p99, p999, max,
                total, completed, Math.Max(failed, _errorCount), missing,
                members.Sum(m => m.Gaps), members.Sum(m => m.Duplicates), _reconnects,
                completed / window, ledger.Deliveries / window,
                rssReady, rssConnected, rssEnd, heapReady, heapConnected,
                total == 0 ? double.NaN : cpu.TotalSeconds / total * 1000,
                setupTime, connectTime, [.. _errors.Take(5)]);
        }
        finally
        {
            await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (m, _) => await m.Connection.DisposeAsync());
        }
    }

    private async Task<List<Member>> Connect(Uri server, IReadOnlyList<RoomPlan> rooms, CancellationToken cancellation)
    {
        var plans = rooms.SelectMany(r => r.Members.Select(m => (Room: r, Member: m))).ToList();
        var members = new Member[plans.Count];
        await Parallel.ForAsync(0, plans.Count, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellation }, async (i, ct) =>
        {
            var (room, plan) = plans[i];
            var token = plan.AccessToken;
            // The client library's own builder: the same code path for every baseline.
            var connection = ConsultHub.Connect(server, token is null ? null : () => Task.FromResult<string?>(token));
            var member = new Member(room, plan, connection);
            connection.On<RoomEvent>(HubContract.RoomEvent, member.OnEvent);
            connection.Reconnecting += _ =>
            {
                Interlocked.Increment(ref _reconnects);
                return Task.CompletedTask;
            };
            await connection.StartAsync(ct);
            var snapshot = await connection.InvokeAsync<JsonElement>(HubContract.JoinRoom, room.RoomId, ct);
            member.Joined(snapshot.GetProperty("seq").GetInt64());
            members[i] = member;
        });
        return [.. members];
    }

    /// <summary>Open loop: decision <c>i</c> is due at <c>start + i / rate</c>, sent then whether or not earlier ones were answered.</summary>
    private async Task<List<Task>> Cast(IReadOnlyList<Member> members, DecisionLedger ledger, int total, long start, CancellationToken cancellation)
    {
        var calls = new List<Task>(total);
        if (total == 0)
        {
            await Task.Delay(settings.Duration, cancellation);
            return calls;
        }

        var representatives = members.Where(m => m.Plan.Department is not null).GroupBy(m => m.Room.RoomId).Select(g => g.ToArray()).ToArray();
        var period = (double)Stopwatch.Frequency / settings.DecisionsPerSecond;
        var run = Guid.NewGuid().ToString("N")[..12];
        var next = 0;
        while (next < total)
        {
            var now = Stopwatch.GetTimestamp();
            for (; next < total && start + (long)(next * period) <= now; next++)
            {
                var room = representatives[next % representatives.Length];
                var rep = room[next / representatives.Length % room.Length];
                ledger.Scheduled(next, start + (long)(next * period));
                var input = new DecisionInput(rep.Plan.Department!, DecisionOutcome.Approve, $"load-{run}-{next}", ledger.Comment(next));
                calls.Add(Send(rep, input, next, ledger));
            }

            await Task.Delay(1, cancellation);
        }

        return calls;
    }

    private async Task Send(Member rep, DecisionInput input, int id, DecisionLedger ledger)
    {
        try
        {
            await rep.Connection.InvokeAsync<JsonElement>(HubContract.CastDecision, rep.Room.RoomId, input);
        }
        catch (Exception e) when (e is HubException or InvalidOperationException or IOException or TaskCanceledException)
        {
            ledger.Failed(id);
            if (Interlocked.Increment(ref _errorCount) <= 5)
                _errors.Enqueue($"{e.GetType().Name}: {e.Message}");
        }
    }

    private static async Task Drain(DecisionLedger ledger, List<Task> calls, int total, CancellationToken cancellation)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(DrainTimeout.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAny(Task.WhenAll(calls), Task.Delay(DrainTimeout, cancellation));
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var (completed, failed, _) = ledger.Tally(total);
            if (completed + failed == total)
                return;
            await Task.Delay(50, cancellation);
        }
    }
}
