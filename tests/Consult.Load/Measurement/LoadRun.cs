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
    private readonly ConcurrentQueue<string> _errors = new();
    private int _errorCount;
    private int _reconnects;

    public async Task<RunResult> Execute(CancellationToken cancellation)
    {
        log.WriteLine($"[{baseline} rep {repetition}] starting the server");
        await using var redis = baseline is Baseline.B3 or Baseline.B3a ? await RedisServer.Start(cancellation, fsyncEveryWrite: baseline == Baseline.B3a) : null;
        await using var server = baseline switch
        {
            Baseline.B0 or Baseline.B0b => await ServerProcess.StartBare(settings.ServerGc),
            Baseline.B0c => await ServerProcess.StartBare(settings.ServerGc, contract: true),
            Baseline.B3 or Baseline.B3a => await ServerProcess.StartBare(settings.ServerGc, redis!.Endpoint),
            _ => await ServerProcess.StartConsult(baseline == Baseline.B2b ? settings.B2bServerDll ?? settings.ServerDll : settings.ServerDll, RoomSetup.Password, memoryStorage: baseline == Baseline.B1, settings.ServerGc,
                more: baseline == Baseline.B2b ? settings.B2bEnvironment : null),
        };

        var bare = baseline is not (Baseline.B1 or Baseline.B2 or Baseline.B2b);
        var setupClock = Stopwatch.StartNew();
        var rooms = bare ? RoomSetup.Bare(settings) : await RoomSetup.Consult(server.Address, settings, cancellation);
        var setupTime = setupClock.Elapsed;
        await Task.Delay(Settle, cancellation);
        var rssReady = server.Rss();
        var heapReady = settings.ReadHeap ? await server.Heap(cancellation) : 0;

        log.WriteLine($"[{baseline} rep {repetition}] {rooms.Count} rooms set up in {setupTime.TotalSeconds:F1} s; connecting {settings.Connections} connections");
        var connectClock = Stopwatch.StartNew();
        var members = await Connect(server.Address, rooms, cancellation);
        var connectTime = connectClock.Elapsed;
        try
        {
            // A first scrape before anything is measured: it wakes the server's gauge refresher, whose
            // first query (JIT, first reads of the figures: about 0.15 s of a core on this machine) then
            // runs during the settle, not inside the first measured window, where the scrape the
            // window's timing starts with used to put it (perf, 2026-12-01).
            using (var scrape = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
                await ServerTiming.Read(scrape, server.Address, cancellation);
            await Task.Delay(Settle, cancellation);
            var rssConnected = server.Rss();
            var heapConnected = settings.ReadHeap ? await server.Heap(cancellation) : 0;

            // Warm-up, not measured (JIT, first grain calls, connection pools): the run's rate for a few
            // seconds; a boards run longer (BoardsWarmUp).
            var rate = settings.DecisionsPerSecond;
            var (warmUpTotal, warmUpRate) = settings.BoardsRun
                ? BoardsWarmUp(rate)
                : ((int)(rate * settings.WarmUpSeconds), rate);
            log.WriteLine($"[{baseline} rep {repetition}] connected in {connectTime.TotalSeconds:F1} s; warming up with {warmUpTotal} decisions");
            await WarmUpWith(members, "warm", warmUpTotal, warmUpRate, cancellation);
            foreach (var member in members)
                member.Arm();

            if (settings.Saturation)
            {
                var steps = await SaturationSearch(server, members, cancellation);
                var best = steps.Where(st => st.Passed).MaxBy(st => st.Rate) ?? steps[0];
                var rssAfterSearch = server.Rss();
                return Result(best.Figures, members.Count, rooms.Count, rssReady, rssConnected, rssAfterSearch, heapReady, heapConnected, setupTime, connectTime) with
                {
                    HeapEnd = settings.ReadHeap ? await server.Heap(cancellation) : 0,
                    DecisionsTotal = warmUpTotal + steps.Sum(st => st.Figures.Sent),
                    MissingDeliveries = steps.Sum(st => st.Ledger.Tally(st.Ledger.Count).MissingDeliveries),
                    SeqGaps = members.Sum(m => m.Gaps),
                    Duplicates = members.Sum(m => m.Duplicates),
                    Steps = [.. steps.Select(st => st.Figures)],
                    SaturationRate = steps.Where(st => st.Passed).Select(st => (int?)st.Rate).Max() ?? 0,
                };
            }

            if (settings.BoardsRun)
                return await WithBoards(server, rooms, members, rate, warmUpTotal, (rssReady, rssConnected, heapReady, heapConnected, setupTime, connectTime), cancellation);

            var step = await Step("load", members, rate, settings.Duration, [], server, cancellation);
            var rssEnd = server.Rss();
            return Result(step, members.Count, rooms.Count, rssReady, rssConnected, rssEnd, heapReady, heapConnected, setupTime, connectTime) with
            {
                HeapEnd = settings.ReadHeap ? await server.Heap(cancellation) : 0,
                DecisionsTotal = warmUpTotal + step.Sent,
            };
        }
        finally
        {
            await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (m, _) => await m.Connection.DisposeAsync());
        }
    }

    /// <summary>
    /// <c>--boards N</c>: one window with the hub clients alone, then N boards of the first room
    /// opened (the heap read before and after, each after a forced GC: the heap per circuit), then
    /// the same window again with the boards open. The run's figures are the second window's.
    /// <c>--board-control</c>: the same two windows and pauses with no board opened (an A/A check).
    /// </summary>
    private async Task<RunResult> WithBoards(
        ServerProcess server, IReadOnlyList<RoomPlan> rooms, IReadOnlyList<Member> members, int rate, int warmUpTotal,
        (long RssReady, long RssConnected, long HeapReady, long HeapConnected, TimeSpan SetupTime, TimeSpan ConnectTime) start,
        CancellationToken cancellation)
    {
        var without = await Step("plain", members, rate, settings.Duration, [], server, cancellation);
        var clock = BoardPages.UnixClock();
        await using IBoardClients boards = settings.BoardControl ? new NoBoards()
            : settings.BoardClient switch
            {
                BoardClient.ThinApart or BoardClient.ThinIdle => await ApartBoards.Start(server.Address, rooms[0].RoomId, RoomSetup.Departments[0], idle: settings.BoardClient == BoardClient.ThinIdle),
                BoardClient.Thin => await ThinBoards.Start(server.Address, rooms[0].RoomId, RoomSetup.Departments[0]),
                _ => await BoardPages.Start(server.Address, rooms[0].RoomId, RoomSetup.Departments[0]),
            };
        await Task.Delay(Settle, cancellation);
        var heapBefore = await server.Heap(cancellation);
        await boards.Open(settings.Boards);
        log.WriteLine(settings.BoardControl
            ? $"[{baseline} rep {repetition}] control: no board opened"
            : $"[{baseline} rep {repetition}] {settings.Boards} {(settings.ThinBoards ? "thin boards" : "board pages")} of room {rooms[0].RoomId} open as {RoomSetup.Departments[0]} (and one more before, not counted)");
        await Task.Delay(Settle, cancellation);
        var heapAfter = await server.Heap(cancellation);
        var heapPerCircuitKb = boards.Count == 0 ? double.NaN : (heapAfter - heapBefore) / 1024.0 / boards.Count;
        // The boards' own first renders (JIT, their first batches) are warmed up too, not measured; the
        // control run sends the same decisions at the same point, so its two windows stay alike.
        var (boardsWarmUp, boardsWarmUpRate) = BoardsWarmUp(rate);
        await WarmUpWith(members, "warm-boards", boardsWarmUp, boardsWarmUpRate, cancellation);
        await Task.Delay(Settle, cancellation);
        var ledgers = new List<DecisionLedger>();
        var with = await Step("boards", members, rate, settings.Duration, ledgers, server, cancellation);
        var boardFigures = await boards.Latencies(ledgers[0], with.Sent, clock);
        if (boards.Errors is { Count: > 0 } errors)
            log.WriteLine($"[{baseline} rep {repetition}] circuit errors: {errors.Count}, the first: {errors[0]}");
        if (boards is ApartBoards apart)
            log.WriteLine($"[{baseline} rep {repetition}] the boards' own process{(settings.BoardClient == BoardClient.ThinIdle ? " (idle priority)" : "")}: {apart.CpuTime.TotalSeconds:F1} s of processor time since it started, collections {apart.Collections}");
        var boardsPart = boards.Count == 0 ? "no board" : $"board updates p50 {boardFigures.P50:F2} p99 {boardFigures.P99:F2} ms ({boardFigures.Seen} of {boardFigures.Expected} seen); heap {heapPerCircuitKb:F0} KB per circuit";
        log.WriteLine($"[{baseline} rep {repetition}] hub p99 {without.P99:F2} ms without boards, {with.P99:F2} ms with {boards.Count}; {boardsPart}; server CPU {without.CpuSecondsPer1000:F2} → {with.CpuSecondsPer1000:F2} ms per decision; this tool's collections {without.ClientGc.Collections} → {with.ClientGc.Collections}, paused {without.ClientGc.PausedMs:F0} → {with.ClientGc.PausedMs:F0} ms; the server's CastDecision call p99 {without.Timing?.Call.P99:F2} → {with.Timing?.Call.P99:F2} ms, hand-over p99 {without.Timing?.Delivery.P99:F2} → {with.Timing?.Delivery.P99:F2} ms");
        return Result(with, members.Count, rooms.Count, start.RssReady, start.RssConnected, server.Rss(), start.HeapReady, start.HeapConnected, start.SetupTime, start.ConnectTime) with
        {
            HeapEnd = settings.ReadHeap ? await server.Heap(cancellation) : 0,
            DecisionsTotal = warmUpTotal + boardsWarmUp + without.Sent + with.Sent,
            Boards = new BoardRunFigures(without, with, boardFigures, heapPerCircuitKb),
        };
    }

    /// <summary>
    /// A boards run warms up with as many decisions as S2's warm-up (and at least 100 a second), before
    /// its first window and again once the boards are open: at the boards' 20 decisions a second, three
    /// seconds (60 decisions) left the first window paying for the server's JIT, which made the plain
    /// window about half again as costly in processor time as the same window measured second
    /// (<c>--board-control on</c>, 2026-12-02: 5.2–7.0 against 3.5–4.5 ms per decision).
    /// </summary>
    private (int Total, int Rate) BoardsWarmUp(int rate) => (settings.BoardsWarmUpDecisions, Math.Max(rate, 100));

    private async Task WarmUpWith(IReadOnlyList<Member> members, string name, int total, int rate, CancellationToken cancellation)
    {
        var warmUp = new DecisionLedger(name, total, settings.Participants);
        foreach (var member in members)
            member.Ledgers = [warmUp];
        await Drain(warmUp, await Cast(members, warmUp, total, rate, Stopwatch.GetTimestamp(), cancellation), total, DrainTimeout, cancellation);
    }

    private sealed record SearchStep(int Rate, bool Passed, DecisionLedger Ledger, StepFigures Figures);

    private RunResult Result(StepFigures f, int connections, int rooms, long rssReady, long rssConnected, long rssEnd, long heapReady, long heapConnected, TimeSpan setupTime, TimeSpan connectTime) =>
        new(baseline, repetition, connections, rooms, f.P50, f.P90, f.P99, f.P999, f.Max,
            f.Sent, f.Completed, f.Errors, f.MissingAtDrain, f.Gaps, f.Duplicates, _reconnects,
            f.DecisionsPerSecond, f.DeliveriesPerSecond,
            rssReady, rssConnected, rssEnd, heapReady, heapConnected,
            f.CpuSecondsPer1000, setupTime, connectTime, [.. _errors.Take(5)])
        { Gc = f.Gc, Timing = f.Timing, ClientCpuSecondsPer1000 = f.ClientCpuSecondsPer1000, Tail = f.Tail, ClientGc = f.ClientGc };

    /// <summary>
    /// S3: the same connections at rising rates: doubling from <c>--rate</c> until a step's p99 passes
    /// <see cref="LoadSettings.SaturationP99Ms"/> (or a decision is refused or still undelivered after the drain),
    /// or <c>--max-rate</c> passes; then <see cref="LoadSettings.BisectSteps"/> bisection steps between the last
    /// passing and the first failing rate. A failing step is tried once more at the same rate; the rate fails
    /// only if both tries fail. Every step is bounded (≤ 15 s measured, ≤ 10 s drain, ≤ 20 s recovery).
    /// </summary>
    private async Task<List<SearchStep>> SaturationSearch(ServerProcess server, IReadOnlyList<Member> members, CancellationToken cancellation)
    {
        var steps = new List<SearchStep>();
        var ledgers = new List<DecisionLedger>();
        var window = TimeSpan.FromSeconds(Math.Min(settings.Duration.TotalSeconds, 15));
        int passed = 0, failed = 0;

        // A rate fails only if a second try fails too: at 10,000 connections a single transient stall
        // (B0 failing at 100/s with p99 260 ms, then passing 1,600/s) would otherwise end the search.
        async Task<bool> Run(int rate) => await Try(rate) || await Try(rate);

        async Task<bool> Try(int rate)
        {
            var figures = await Step($"s3-{rate}-{steps.Count + 1}", members, rate, window, ledgers, server, cancellation);
            var ledger = ledgers[^1];
            var ok = figures.Passed;
            steps.Add(new SearchStep(rate, ok, ledger, figures));
            log.WriteLine($"[{baseline} rep {repetition}] S3 {rate}/s: p99 {figures.P99:F2} ms, {figures.DecisionsPerSecond:F1} decisions/s, errors {figures.Errors}, undelivered at drain {figures.MissingAtDrain} → {(ok ? "pass" : "fail")}");
            if (!ok)
            {
                // Let the backlog clear before the next step (bounded), so that a step starts from an idle server.
                var deadline = Stopwatch.GetTimestamp() + 20 * Stopwatch.Frequency;
                while (Stopwatch.GetTimestamp() < deadline && ledger.Tally(ledger.Count) is var (done, refused, _) && done + refused < ledger.Count)
                    await Task.Delay(100, cancellation);
                await Task.Delay(Settle, cancellation);
            }

            return ok;
        }

        // Doubling: at most log2(max / start) + 1 steps.
        for (var rate = Math.Max(1, settings.DecisionsPerSecond); ; rate = Math.Min(rate * 2, settings.MaxRate))
        {
            if (await Run(rate))
            {
                passed = rate;
                if (rate >= settings.MaxRate)
                    break;
            }
            else
            {
                failed = rate;
                break;
            }
        }

        // Bisection between the last pass and the first failure, to the nearest 10/s.
        for (var i = 0; failed > 0 && i < LoadSettings.BisectSteps && failed - passed > 10; i++)
        {
            var middle = (passed + failed) / 2 / 10 * 10;
            if (middle <= passed)
                break;
            if (await Run(middle))
                passed = middle;
            else
                failed = middle;
        }

        // Late deliveries of every step still count: wait (bounded) until each step's decisions all arrived.
        var end = Stopwatch.GetTimestamp() + 30 * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < end && ledgers.Any(l => l.Tally(l.Count) is var (done, refused, _) && done + refused < l.Count))
            await Task.Delay(100, cancellation);
        return steps;
    }

    /// <summary>One measured window: <paramref name="rate"/> decisions/s for <paramref name="duration"/>, then a bounded drain.</summary>
    private async Task<StepFigures> Step(string name, IReadOnlyList<Member> members, int rate, TimeSpan duration, List<DecisionLedger> earlier, ServerProcess server, CancellationToken cancellation)
    {
        var total = rate * (int)duration.TotalSeconds;
        var ledger = new DecisionLedger(name, total, settings.Participants);
        earlier.Add(ledger);
        IReadOnlyList<DecisionLedger> listening = [.. earlier];
        foreach (var member in members)
            member.Ledgers = listening;
        long gapsBefore = members.Sum(m => m.Gaps), duplicatesBefore = members.Sum(m => m.Duplicates);
        var errorsBefore = Volatile.Read(ref _errorCount);

        log.WriteLine($"[{baseline} rep {repetition}] measuring {total} decisions at {rate}/s");
        using var diagnostics = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var timingBefore = await ServerTiming.Read(diagnostics, server.Address, cancellation);
        var gcBefore = await server.HeapWithoutCollecting(diagnostics, cancellation);
        var cpuBefore = server.CpuTime();
        var clientCpuBefore = Environment.CpuUsage.TotalTime;
        var (clientPauseBefore, clientGcBefore) = (GC.GetTotalPauseDuration(), GC.CollectionCount(0));
        var start = Stopwatch.GetTimestamp();
        await using var timeline = new WindowTimeline(server, start);
        var calls = await Cast(members, ledger, total, rate, start, cancellation);
        await Drain(ledger, calls, total, DrainTimeout, cancellation);
        await timeline.DisposeAsync();
        var cpu = server.CpuTime() - cpuBefore;
        var clientCpu = Environment.CpuUsage.TotalTime - clientCpuBefore;
        var (clientPause, clientGcs) = (GC.GetTotalPauseDuration() - clientPauseBefore, GC.CollectionCount(0) - clientGcBefore);
        var gcAfter = await server.HeapWithoutCollecting(diagnostics, cancellation);
        var timingAfter = await ServerTiming.Read(diagnostics, server.Address, cancellation);

        var (completed, failed, missing) = ledger.Tally(total);
        var (p50, p90, p99, p999, max, _) = ledger.Percentiles();
        var window = ledger.LastCompletion > start ? Stopwatch.GetElapsedTime(start, ledger.LastCompletion).TotalSeconds : duration.TotalSeconds;
        return new StepFigures(
            rate, duration.TotalSeconds, p50, p90, p99, p999, max, total, completed, Math.Max(failed, Volatile.Read(ref _errorCount) - errorsBefore), missing,
            completed / window, ledger.Deliveries / window, total == 0 ? double.NaN : cpu.TotalSeconds / total * 1000,
            members.Sum(m => m.Gaps) - gapsBefore, members.Sum(m => m.Duplicates) - duplicatesBefore)
        {
            Gc = total == 0 ? null : WindowGc.Between(gcBefore, gcAfter, total, window),
            Timing = ServerTiming.Between(timingBefore, timingAfter),
            ClientCpuSecondsPer1000 = total == 0 ? double.NaN : clientCpu.TotalSeconds / total * 1000,
            ClientGc = (clientGcs, clientPause.TotalMilliseconds),
            Tail = ledger.Tail(p99, start).Beside(timeline.Seconds) with { Legs = ledger.Legs(p99), Pauses = ledger.InPauses(p99, timeline.Slots) },
        };
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
            UnusedMessages.Drop(connection);
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
    private async Task<List<Task>> Cast(IReadOnlyList<Member> members, DecisionLedger ledger, int total, int rate, long start, CancellationToken cancellation)
    {
        var calls = new List<Task>(total);
        if (total == 0)
        {
            await Task.Delay(settings.Duration, cancellation);
            return calls;
        }

        var representatives = members.Where(m => m.Plan.Department is not null).GroupBy(m => m.Room.RoomId).Select(g => g.ToArray()).ToArray();
        var period = (double)Stopwatch.Frequency / rate;
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
            await rep.Connection.InvokeAsync<AnswerSeq>(HubContract.CastDecision, rep.Room.RoomId, input);
        }
        catch (Exception e) when (e is HubException or InvalidOperationException or IOException or TaskCanceledException)
        {
            ledger.Failed(id);
            if (Interlocked.Increment(ref _errorCount) <= 5)
                _errors.Enqueue($"{e.GetType().Name}: {e.Message}");
        }
    }

    private static async Task Drain(DecisionLedger ledger, List<Task> calls, int total, TimeSpan timeout, CancellationToken cancellation)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAny(Task.WhenAll(calls), Task.Delay(timeout, cancellation));
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var (completed, failed, _) = ledger.Tally(total);
            if (completed + failed == total)
                return;
            await Task.Delay(50, cancellation);
        }
    }
}
