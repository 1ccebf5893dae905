using System.Globalization;
using System.Text;
using Consult.Load.Measurement;

namespace Consult.Load.Reporting;

/// <summary>One markdown table per run: each baseline's median over its repetitions, and its ratios to B0 of the same run.</summary>
public static class MarkdownReport
{
    public static string Write(LoadSettings settings, string command, IReadOnlyList<RunResult> results, DateTimeOffset startedAt, TimeSpan elapsed)
    {
        var c = CultureInfo.InvariantCulture;
        var text = Header(settings.Scenario, command, startedAt, "; client and servers share it (loopback WebSockets)");
        text.AppendLine(c, $"- Shape: {settings.Rooms} rooms × {settings.Participants} participants = {settings.Connections} connections " +
            $"(per room: the convener, {LoadSettings.Departments} deciding department representatives, {settings.Participants - LoadSettings.Departments - 1} read-only follower(s)); " +
            $"{settings.DecisionsPerSecond} decisions/s open loop for {settings.Duration.TotalSeconds:F0} s after {(settings.BoardsRun ? $"{settings.BoardsWarmUpDecisions} decisions" : $"{settings.WarmUpSeconds:F0} s")} of warm-up; " +
            $"{settings.Repetitions} repetition(s), interleaved, median shown");
        var b2b = settings.Baselines.Contains(Baseline.B2b) ? $"; B2b with {settings.B2bChange}" : "";
        text.AppendLine(c, $"- Servers: own child processes, {settings.ServerGc}, Production environment{b2b}; total run time {elapsed.TotalMinutes:F1} min");
        text.AppendLine(c, $"- This load tool (the hub clients): {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, {(System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.Batch ? "not concurrent" : "concurrent")}");
        text.AppendLine();
        text.AppendLine("| baseline | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | decisions/s | deliveries/s | sent | errors | missing deliveries | seq gaps | duplicates | reconnects | RSS ready MB | RSS connected MB | RSS end MB | RSS/connection KB | heap ready MB | heap connected MB | heap/connection KB [≤ 32] | heap end MB | heap retained B/decision | server CPU s / 1k decisions |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");

        var medians = results.GroupBy(r => r.Baseline).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => Median(g.ToList()));
        foreach (var (baseline, m) in medians)
        {
            text.AppendLine(c,
                $"| {baseline} | {F(m.P50)} | {F(m.P90)} | {F(m.P99)} | {F(m.P999)} | {F(m.Max)} | {F(m.DecisionsPerSecond, 1)} | {F(m.DeliveriesPerSecond, 0)} | " +
                $"{m.Sent} | {m.Errors} | {m.MissingDeliveries} | {m.SeqGaps} | {m.Duplicates} | {m.Reconnects} | " +
                $"{Mb(m.RssReady)} | {Mb(m.RssConnected)} | {Mb(m.RssEnd)} | {F(m.RssPerConnection / 1024, 1)} | {Mb(m.HeapReady)} | {Mb(m.HeapConnected)} | {F(m.HeapPerConnection / 1024, 1)} | {Mb(m.HeapEnd)} | {F(m.HeapRetainedPerDecision, 0)} | {F(m.CpuSecondsPer1000, 2)} |");
        }

        if (medians.TryGetValue(Baseline.B0, out var floor))
        {
            text.AppendLine();
            text.AppendLine("Ratios to B0 of this run (issue 5 targets in brackets):");
            text.AppendLine();
            text.AppendLine("| baseline | p99 / B0 [≤ 1.5] | p50 − B0 ms [≤ 2] | p99.9 / B0 | RSS/connection / B0 | heap/connection / B0 | CPU per decision / B0 |");
            text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var (baseline, m) in medians.Where(p => p.Key != Baseline.B0))
            {
                text.AppendLine(c,
                    $"| {baseline} | {F(m.P99 / floor.P99)} | {F(m.P50 - floor.P50)} | {F(m.P999 / floor.P999)} | {F(m.RssPerConnection / floor.RssPerConnection)} | {F(m.HeapPerConnection / floor.HeapPerConnection)} | {F(m.CpuSecondsPer1000 / floor.CpuSecondsPer1000)} |");
            }
        }

        foreach (var (durable, other, what) in new[]
        {
            (Baseline.B2, Baseline.B3, "bare hub + Redis) [B2 faster at p99]"),
            (Baseline.B2, Baseline.B3a, "bare hub + Redis fsyncing every write, as durable as B2)"),
            (Baseline.B2b, Baseline.B3, "bare hub + Redis) [faster at p99]"),
            (Baseline.B2b, Baseline.B2, $"B2b: B2 with {settings.B2bChange})"),
        })
        {
            if (medians.TryGetValue(durable, out var mine) && medians.TryGetValue(other, out var theirs))
            {
                text.AppendLine();
                text.AppendLine(c, $"{durable} against {other} ({what}: p99 {F(mine.P99)} ms against {F(theirs.P99)} ms, ratio {F(mine.P99 / theirs.P99)}; p50 {F(mine.P50)} ms against {F(theirs.P50)} ms.");
            }
        }

        if (medians.Values.Any(m => m.Gc is not null))
        {
            text.AppendLine();
            text.AppendLine("The server's garbage collector in the measured window (its own counters, read before and after it):");
            text.AppendLine();
            text.AppendLine("| baseline | allocated KB / decision | gen-0 collections / 1k decisions | gen-1 collections / 1k decisions | paused % of the window |");
            text.AppendLine("| --- | ---: | ---: | ---: | ---: |");
            foreach (var (baseline, m) in medians.Where(p => p.Value.Gc is not null))
                text.AppendLine(c, $"| {baseline} | {F(m.Gc!.AllocatedKbPerDecision, 1)} | {F(m.Gc.Gen0Per1000)} | {F(m.Gc.Gen1Per1000)} | {F(m.Gc.PausePercent)} |");
        }

        if (medians.Values.Any(m => !double.IsNaN(m.ClientCpuSecondsPer1000)))
        {
            text.AppendLine();
            text.AppendLine("Processor time per decision in the measured window, the server's and this load tool's (its hub clients share the two cores with the server, so at saturation both count):");
            text.AppendLine();
            text.AppendLine("| baseline | server ms / decision | load client ms / decision | both | server / B0's server | both / B0's both |");
            text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
            medians.TryGetValue(Baseline.B0, out var bare);
            foreach (var (baseline, m) in medians)
            {
                var both = m.CpuSecondsPer1000 + m.ClientCpuSecondsPer1000;
                var bareBoth = bare is null ? double.NaN : bare.CpuSecondsPer1000 + bare.ClientCpuSecondsPer1000;
                text.AppendLine(c,
                    $"| {baseline} | {F(m.CpuSecondsPer1000)} | {F(m.ClientCpuSecondsPer1000)} | {F(both)} | {F(bare is null ? double.NaN : m.CpuSecondsPer1000 / bare.CpuSecondsPer1000)} | {F(both / bareBoth)} |");
            }
        }

        if (results.Any(r => r.Timing is not null))
            WriteTiming(text, results);
        if (results.Any(r => r.Tail is { Count: > 0 }))
            WriteTail(text, results);
        if (results.Any(r => r.Tail?.Legs is not null))
            WriteLegs(text, results);

        if (settings.Saturation)
            WriteSaturation(text, results, medians);
        if (settings.BoardsRun)
            WriteBoards(text, results, settings.Boards, settings.ThinBoards && !settings.BoardControl);

        text.AppendLine();
        text.AppendLine("Every repetition:");
        text.AppendLine();
        text.AppendLine("| baseline | rep | setup s | connect s | p50 ms | p99 ms | max ms | decisions/s | errors | missing | gaps | dups | RSS/connection KB | heap/connection KB | allocated KB / decision | GC paused % |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            text.AppendLine(c,
                $"| {r.Baseline} | {r.Repetition} | {F(r.SetupTime.TotalSeconds, 1)} | {F(r.ConnectTime.TotalSeconds, 1)} | {F(r.P50)} | {F(r.P99)} | {F(r.Max)} | " +
                $"{F(r.DecisionsPerSecond, 1)} | {r.Errors} | {r.MissingDeliveries} | {r.SeqGaps} | {r.Duplicates} | {F(r.RssPerConnection / 1024, 1)} | {F(r.HeapPerConnection / 1024, 1)} | " +
                $"{F(r.Gc?.AllocatedKbPerDecision ?? double.NaN, 1)} | {F(r.Gc?.PausePercent ?? double.NaN)} |");
        }

        var errors = results.SelectMany(r => r.FirstErrors.Select(e => $"{r.Baseline} rep {r.Repetition}: {e}")).ToList();
        if (errors.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("First errors:");
            text.AppendLine();
            foreach (var e in errors)
                text.AppendLine(c, $"- {e}");
        }

        return text.ToString();
    }

    /// <summary>S5: managed heap (after a forced GC, read from the server) per case registered, and per case reactivated after every idle grain was deactivated.</summary>
    public static string WriteGrainMemory(string command, IReadOnlyList<GrainMemoryRun.Figures> results, DateTimeOffset startedAt, TimeSpan elapsed)
    {
        var c = CultureInfo.InvariantCulture;
        var text = Header("S5", command, startedAt, "");
        text.AppendLine(c, $"- Cases registered through REST (4 in parallel), every idle activation deactivated (`POST /diagnostics/deactivate`), every case read again (`GET /api/v1/cases/{{id}}`); heap = `GC.GetTotalMemory(true)` in the server (`GET /diagnostics/memory`); total run time {elapsed.TotalMinutes:F1} min");
        text.AppendLine();
        text.AppendLine("| baseline | cases | register s | heap idle MB | heap registered MB | activations idle → registered | heap/case registered KB | heap/activation registered KB | activations after deactivation | heap deactivated MB | reread s | heap reread MB | activations reread | heap/case reread KB [≤ 10] | heap/activation reread KB | errors |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            text.AppendLine(c,
                $"| {r.Baseline} | {r.Cases} | {F(r.CreateTime.TotalSeconds, 1)} | {Mb(r.HeapIdle)} | {Mb(r.HeapCreated)} | {r.ActivationsIdle} → {r.ActivationsCreated} | {F(r.HeapPerCreatedCase / 1024, 1)} | {F(r.HeapPerCreatedActivation / 1024, 1)} | " +
                $"{r.ActivationsDeactivated} | {Mb(r.HeapDeactivated)} | {F(r.ReactivateTime.TotalSeconds, 1)} | {Mb(r.HeapReactivated)} | {r.ActivationsReactivated} | {F(r.HeapPerReactivatedCase / 1024, 1)} | {F(r.HeapPerReactivatedActivation / 1024, 1)} | {r.Errors} |");
        }

        if (results.Any(r => r.Rooms is not null))
        {
            text.AppendLine();
            text.AppendLine("Idle room grains: a consultation (3 departments, its log holding the opening event) opened on the first cases (`POST /api/v1/cases/{id}/consultations`, 4 in parallel), every idle activation deactivated, every consultation read again (`GET /api/v1/consultations/{id}`):");
            text.AppendLine();
            text.AppendLine("| baseline | rooms | open s | activations after deactivation | heap deactivated MB | reread s | heap reread MB | activations reread | heap/room reread KB [≤ 10] | heap/activation reread KB | errors |");
            text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var (b, r) in results.Where(r => r.Rooms is not null).Select(r => (r.Baseline, r.Rooms!)))
            {
                text.AppendLine(c,
                    $"| {b} | {r.Rooms} | {F(r.OpenTime.TotalSeconds, 1)} | {r.ActivationsDeactivated} | {Mb(r.HeapDeactivated)} | {F(r.ReactivateTime.TotalSeconds, 1)} | {Mb(r.HeapReactivated)} | {r.ActivationsReactivated} | {F(r.HeapPerReactivatedRoom / 1024, 1)} | {F(r.HeapPerReactivatedActivation / 1024, 1)} | {r.Errors} |");
            }
        }

        return text.ToString();
    }

    internal static StringBuilder Header(string scenario, string command, DateTimeOffset startedAt, string machineNote)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"## Run {startedAt:yyyy-MM-dd HH:mm} UTC — scenario {scenario}");
        text.AppendLine();
        text.AppendLine(c, $"- Arguments: `{command}`");
        text.AppendLine(c, $"- Machine: {Reporting.MachineInfo.Describe()}{machineNote}");
        return text;
    }

    private static void WriteSaturation(StringBuilder text, IReadOnlyList<RunResult> results, Dictionary<Baseline, RunResult> medians)
    {
        var c = CultureInfo.InvariantCulture;
        text.AppendLine();
        text.AppendLine(c, $"Saturation (S3): the highest step rate with p99 ≤ {LoadSettings.SaturationP99Ms:F0} ms, nothing refused and everything delivered within the drain. The table above shows each baseline's figures at that step.");
        text.AppendLine();
        text.AppendLine("| baseline | saturation decisions/s | first failing rate | saturation / B0 [B2 ≥ 0.70] |");
        text.AppendLine("| --- | ---: | ---: | ---: |");
        var floor = medians.ContainsKey(Baseline.B0) ? MedianOf(results.Where(r => r.Baseline == Baseline.B0).Select(r => (double)(r.SaturationRate ?? 0))) : double.NaN;
        foreach (var group in results.GroupBy(r => r.Baseline).OrderBy(g => g.Key))
        {
            var saturation = MedianOf(group.Select(r => (double)(r.SaturationRate ?? 0)));
            var firstFailing = group.Select(r => r.Steps.Where(s => !s.Passed).Select(s => (int?)s.Rate).Min()).Min();
            text.AppendLine(c, $"| {group.Key} | {F(saturation, 0)} | {(firstFailing is { } f ? f.ToString(c) : "none (reached --max-rate)")} | {F(saturation / floor)} |");
        }

        text.AppendLine();
        text.AppendLine("Every step, in the order run:");
        text.AppendLine();
        text.AppendLine("| baseline | rep | rate /s | s | p50 ms | p90 ms | p99 ms | max ms | sent | decisions/s | deliveries/s | errors | undelivered at drain | server CPU s / 1k | pass |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var r in results)
        {
            foreach (var s in r.Steps)
            {
                text.AppendLine(c,
                    $"| {r.Baseline} | {r.Repetition} | {s.Rate} | {F(s.Seconds, 0)} | {F(s.P50)} | {F(s.P90)} | {F(s.P99)} | {F(s.Max)} | {s.Sent} | {F(s.DecisionsPerSecond, 1)} | {F(s.DeliveriesPerSecond, 0)} | " +
                    $"{s.Errors} | {s.MissingAtDrain} | {F(s.CpuSecondsPer1000, 2)} | {(s.Passed ? "yes" : "no")} |");
            }
        }
    }

    /// <summary>The Consult server's own histograms beside the clients' figures: where a decision's tail is spent.</summary>
    private static void WriteTiming(StringBuilder text, IReadOnlyList<RunResult> results)
    {
        var c = CultureInfo.InvariantCulture;
        text.AppendLine();
        text.AppendLine("The server's own timing of the measured window (its `/metrics` histograms read before and after it; ms, estimated within buckets): " +
            "the hub's `CastDecision` call from taking it to its answer, a grain state write from hand-over to durable, one group commit (statements and fsync), " +
            "and the relay's hand-over of a decision after its room persisted it; the clients' end-to-end figures beside them:");
        text.AppendLine();
        text.AppendLine("| baseline | rep | clients p50 | clients p99 | CastDecision calls | call p50 | call p99 | write p50 | write p99 | commit p50 | commit p99 | writes / commit | hand-over p50 | hand-over p99 |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results.Where(r => r.Timing is not null))
        {
            var t = r.Timing!;
            text.AppendLine(c,
                $"| {r.Baseline} | {r.Repetition} | {F(r.P50)} | {F(r.P99)} | {t.Call.Count:F0} | {F(t.Call.P50)} | {F(t.Call.P99)} | {F(t.Write.P50)} | {F(t.Write.P99)} | " +
                $"{F(t.Commit.P50)} | {F(t.Commit.P99)} | {F(t.WritesPerCommit)} | {F(t.Delivery.P50)} | {F(t.Delivery.P99)} |");
        }
    }

    /// <summary>Whether each window's tail was a few stalls or a spread, and this tool's own collections in it.</summary>
    private static void WriteTail(StringBuilder text, IReadOnlyList<RunResult> results)
    {
        var c = CultureInfo.InvariantCulture;
        text.AppendLine();
        text.AppendLine("When the decisions slower than each window's p99 were due (by whole seconds of the window): a tail made by a few stalls " +
            "sits in one to three seconds, one made by queueing for the cores is spread over the window; and this load tool's own " +
            "collections in the window (a pause of the tool delays every delivery it receives then):");
        text.AppendLine();
        text.AppendLine("| baseline | rep | p99 ms | decisions over it | seconds they were due in | share in the worst second | in the worst three | worst second | " +
            "server paused ms in it and the next | server full collections in them | tool paused ms in them | server CPU ms in them | most paused ms in any second, server / tool | " +
            "server CPU ms per second, busiest / mean | stolen ms in them / most in any second | idle ms in them | tool's collections in the window | tool paused ms |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results.Where(r => r.Tail is { Count: > 0 }))
        {
            var t = r.Tail!;
            var w = t.AtWorst;
            text.AppendLine(c,
                $"| {r.Baseline} | {r.Repetition} | {F(t.ThresholdMs)} | {t.Count} | {t.Seconds} | {t.WorstSecondShare:P0} | {t.TopThreeShare:P0} | {t.WorstSecond} | " +
                $"{F(w?.ServerPausedMs ?? double.NaN, 0)} | {w?.ServerGen2} | {F(w?.ToolPausedMs ?? double.NaN, 0)} | {F(w?.ServerCpuMs ?? double.NaN, 0)} | " +
                $"{F(t.MostPausedMs.Server, 0)} / {F(t.MostPausedMs.Tool, 0)} | {F(t.ServerCpuMs.Busiest, 0)} / {F(t.ServerCpuMs.Mean, 0)} | {F(w?.StolenMs ?? double.NaN, 0)} / {F(t.MostStolenMs, 0)} | {F(w?.IdleMs ?? double.NaN, 0)} | {r.ClientGc.Collections} | {r.ClientGc.PausedMs:F0} |");
        }
    }

    /// <summary>Each window's decisions taken apart at the server's stamp on the event: which leg the slow ones lost their time in.</summary>
    private static void WriteLegs(StringBuilder text, IReadOnlyList<RunResult> results)
    {
        text.AppendLine();
        text.AppendLine("Where the decisions' time went, split at the time the server stamped on the event (Consult: the room's turn, before its " +
            "write; the bare hubs: the hub's call; the same wall clock as this tool's), ms as median / p99 of all decisions / median of " +
            "those slower than the window's p99. Before: the send, the socket, the hub (Consult: and the hop to the room's grain). After, to " +
            "the room's last member: Consult's write, B3's Redis, the fan-out, the sockets, this tool. Spread: the room's first member to its last.");
        text.AppendLine();
        text.AppendLine("| baseline | rep | p99 ms | before the stamp | after it | spread |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        static string Leg((double P50, double P99, double SlowMedian) leg) => $"{F(leg.P50)} / {F(leg.P99)} / **{F(leg.SlowMedian)}**";
        foreach (var r in results.Where(r => r.Tail?.Legs is not null))
        {
            var legs = r.Tail!.Legs!;
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Baseline} | {r.Repetition} | {F(r.Tail.ThresholdMs)} | {Leg(legs.BeforeStamp)} | {Leg(legs.AfterStamp)} | {Leg(legs.Spread)} |");
        }

        if (!results.Any(r => r.Tail?.Pauses is not null))
            return;
        text.AppendLine();
        text.AppendLine("Decisions in flight (due to their room's last member) during a 100-ms sampling interval in which the server, or this " +
            "tool, stood paused for a collection: the share of the window those intervals cover, of all decisions and of those slower than " +
            "the window's p99. Collections that made the tail would put the slow decisions in them far more often than all:");
        text.AppendLine();
        text.AppendLine("| baseline | rep | server paused: window | all decisions | slow ones | tool paused: window | all decisions | slow ones |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results.Where(r => r.Tail?.Pauses is not null))
        {
            var p = r.Tail!.Pauses!;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Baseline} | {r.Repetition} | {p.ServerWindow:P1} | {p.ServerAll:P1} | **{p.ServerSlow:P1}** | {p.ToolWindow:P1} | {p.ToolAll:P1} | **{p.ToolSlow:P1}** |");
        }
    }

    /// <summary>Each figure's median over the repetitions (figures of different repetitions may mix).</summary>
    private static RunResult Median(List<RunResult> runs)
    {
        double D(Func<RunResult, double> f) => MedianOf(runs.Select(f));
        long L(Func<RunResult, long> f) => (long)MedianOf(runs.Select(r => (double)f(r)));
        int I(Func<RunResult, int> f) => (int)MedianOf(runs.Select(r => (double)f(r)));
        var first = runs[0];
        return first with
        {
            P50 = D(r => r.P50), P90 = D(r => r.P90), P99 = D(r => r.P99), P999 = D(r => r.P999), Max = D(r => r.Max),
            Sent = I(r => r.Sent), Completed = I(r => r.Completed), Errors = runs.Max(r => r.Errors),
            MissingDeliveries = runs.Max(r => r.MissingDeliveries), SeqGaps = runs.Max(r => r.SeqGaps), Duplicates = runs.Max(r => r.Duplicates),
            Reconnects = runs.Max(r => r.Reconnects),
            DecisionsPerSecond = D(r => r.DecisionsPerSecond), DeliveriesPerSecond = D(r => r.DeliveriesPerSecond),
            RssReady = L(r => r.RssReady), RssConnected = L(r => r.RssReady) + (long)D(r => r.RssConnected - r.RssReady), RssEnd = L(r => r.RssEnd),
            HeapReady = L(r => r.HeapReady), HeapConnected = L(r => r.HeapReady) + (long)D(r => r.HeapConnected - r.HeapReady),
            CpuSecondsPer1000 = D(r => r.CpuSecondsPer1000),
            ClientCpuSecondsPer1000 = D(r => r.ClientCpuSecondsPer1000),
            Gc = runs.All(r => r.Gc is null) ? null : new WindowGc(
                D(r => r.Gc?.AllocatedKbPerDecision ?? double.NaN), D(r => r.Gc?.Gen0Per1000 ?? double.NaN),
                D(r => r.Gc?.Gen1Per1000 ?? double.NaN), D(r => r.Gc?.PausePercent ?? double.NaN)),
            HeapEnd = L(r => r.HeapConnected) + (long)D(r => r.HeapEnd - r.HeapConnected), DecisionsTotal = I(r => r.DecisionsTotal),
        };
    }

    private static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    internal static string F(double value, int decimals = 2) =>
        double.IsNaN(value) || double.IsInfinity(value) ? "—" : value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    internal static string Mb(long bytes) => F(bytes / 1024.0 / 1024.0, 1);

    private static void WriteBoards(StringBuilder text, IReadOnlyList<RunResult> results, int boards, bool thin)
    {
        var c = CultureInfo.InvariantCulture;
        text.AppendLine();
        text.AppendLine(boards == 0
            ? "Boards, control (`--board-control`): the hub clients in the same two windows with the same pauses between them, no board opened (an A/A check):"
            : thin
            ? string.Create(c, $"Boards: the hub clients without, then with {boards} thin circuits on the first room's board (one connection each, speaking Blazor's protocol, acknowledging every render batch, rendering nothing):")
            : string.Create(c, $"Boards: the hub clients without, then with {boards} Chromium pages on the first room's board (the pages share the cores with the server and the hub clients):"));
        text.AppendLine();
        text.AppendLine("| baseline | rep | hub p50 without ms | hub p99 without ms | hub p50 with ms | hub p99 with ms | p99 with / without [≤ 1.2] | board p50 ms | board p99 ms | board max ms | board p99 / hub p99 with | updates seen | heap per circuit KB [≤ 300] | server CPU ms / decision without | with | missing | gaps | dups |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            if (r.Boards is not { } b)
                continue;
            text.AppendLine(c,
                $"| {r.Baseline} | {r.Repetition} | {F(b.Without.P50)} | {F(b.Without.P99)} | {F(b.With.P50)} | {F(b.With.P99)} | {F(b.With.P99 / b.Without.P99)} | " +
                $"{F(b.Boards.P50)} | {F(b.Boards.P99)} | {F(b.Boards.Max)} | {F(b.Boards.P99 / b.With.P99)} | {b.Boards.Seen} of {b.Boards.Expected} | {F(b.HeapPerCircuitKb, 0)} | {F(b.Without.CpuSecondsPer1000)} | {F(b.With.CpuSecondsPer1000)} | " +
                $"{b.Without.MissingAtDrain + b.With.MissingAtDrain} | {b.Without.Gaps + b.With.Gaps} | {b.Without.Duplicates + b.With.Duplicates} |");
        }
    }
}
