using System.Globalization;
using System.Text;
using Consult.Load.Measurement;
using static Consult.Load.Reporting.MarkdownReport;

namespace Consult.Load.Reporting;

/// <summary>S7: the soak's verdicts (slopes, files, p99 first against last, deliveries), its windows, and every sample (also as CSV).</summary>
public static class SoakReport
{
    public static string Write(LoadSettings settings, SoakSettings soak, string command, SoakResult r, string csvFile, DateTimeOffset startedAt, TimeSpan elapsed)
    {
        var c = CultureInfo.InvariantCulture;
        var text = Header("S7 (soak)", command, startedAt, "; client and server share it (loopback WebSockets)");
        text.AppendLine(c, $"- Shape: {settings.Rooms} rooms open at any time × {settings.Participants} connections (the convener, {LoadSettings.Departments} deciding representatives, " +
            $"{settings.Participants - LoadSettings.Departments - 1} followers; the first {SoakSettings.StableMembers} never leave, the other {settings.Participants - SoakSettings.StableMembers} take turns leaving and rejoining); " +
            $"{settings.DecisionsPerSecond} decisions/s open loop for {settings.Duration.TotalSeconds:F0} s; {soak}");
        text.AppendLine(c, $"- Server: {r.Baseline} ({(r.Baseline == Baseline.B2 ? "SQLite storage, synchronous FULL" : "in-memory storage")}), own child process, {settings.ServerGc}, Production environment; " +
            $"set-up (rooms opened, connections joined) {r.SetupTime.TotalSeconds:F0} s; total run time {elapsed.TotalMinutes:F1} min");
        text.AppendLine(c, $"- Heap samples: `GET /diagnostics/memory?collect=false` (no forced collection): what the last collection, and the last full one, left in use. " +
            $"Forced full collection only before and after the run. Slopes: least squares over the samples after the warm-up ({r.WarmUp.TotalMinutes:F1} min: a room life plus Orleans' {SoakSettings.GrainCollectionAge.TotalMinutes:F0}-minute collection age, so that the rooms open at the start have all been replaced and the first closed rooms' grains deactivated; at most half the run)");
        text.AppendLine(c, $"- Samples: [{Path.GetFileName(csvFile)}]({Path.GetFileName(csvFile)})");
        text.AppendLine();

        var first = r.Samples.Count > 0 ? r.Samples[0] : null;
        var last = r.Samples.Count > 0 ? r.Samples[^1] : null;
        text.AppendLine("| figure | value |");
        text.AppendLine("| --- | ---: |");
        Row("heap slope after warm-up (last collection), KB/min", F(r.HeapSlope, 1));
        Row($"heap slope after warm-up (last full collection; {r.FullCollectionsAfterWarmUp} ran after the warm-up, 3 needed), KB/min", F(r.HeapAfterFullCollectionSlope, 1));
        Row("RSS slope after warm-up, KB/min", F(r.RssSlope, 1));
        Row("of which: GC committed memory slope / native (anonymous RSS − GC committed) slope / file-backed RSS slope, KB/min",
            $"{F(r.CommittedSlope, 1)} / {F(r.NativeSlope, 1)} / {F(r.RssFileSlope, 1)}");
        Row("of the native: SQLite's own (page caches, statements) slope / the rest slope, KB/min", $"{F(r.SqliteSlope, 1)} / {F(r.NativeOtherSlope, 1)}");
        Row("the C library's heap (malloc, all native libraries, SQLite's included): in use slope / kept free slope, KB/min", $"{F(r.MallocSlopes.InUse, 1)} / {F(r.MallocSlopes.Free, 1)}");
        Row("sampling intervals with a full blocking collection / its longest pause, ms", $"{r.FullBlockingPauses.Intervals} / {F(r.FullBlockingPauses.LongestMs, 0)}");
        Row("heap after a forced full GC: before → after the run, MB", $"{Mb(r.HeapForcedStart)} → {Mb(r.HeapForcedEnd)}");
        Row("heap (last collection) min / max, MB", MinMax(s => s.HeapBytes));
        Row("RSS min / max, MB", MinMax(s => s.RssBytes));
        Row("GC committed min / max, MB", MinMax(s => s.CommittedBytes));
        Row("native (anonymous RSS − GC committed) min / max, MB", MinMax(s => s.NativeBytes));
        Row("of it SQLite's own min / max, MB", MinMax(s => s.SqliteBytes));
        Row("the C library's heap in use / kept free, min / max, MB", $"{MinMax(s => s.MallocInUseBytes)} / {MinMax(s => s.MallocFreeBytes)}");
        Row("SQLite file min / max, MB", MinMax(s => s.DatabaseBytes));
        Row("SQLite WAL min / max, MB", MinMax(s => s.WalBytes));
        Row("data folder first / last sample, MB", first is null ? "—" : $"{Mb(first.DataFolderBytes)} / {Mb(last!.DataFolderBytes)}");
        Row("SQLite file growth per decision or message sent, bytes",
            first is null || r.Decisions + r.Chats == 0 ? "—" : F((last!.DatabaseBytes - first.DatabaseBytes) / (double)(r.Decisions + r.Chats), 0));
        Row("decisions p50 / p99 / max over the run, ms", $"{F(r.P50)} / {F(r.P99)} / {F(r.Max)}");
        Row($"p99 first window / last window, ms", r.Windows.Count < 2 ? "—" : $"{F(r.Windows[0].P99)} / {F(r.Windows[^1].P99)}");
        Row("p99 last window ÷ first", F(r.P99LastOverFirst));
        Row("decisions sent / refused or failed / deliveries missing (stable members; a decision a reconnect made them miss counts when the resync brings it)", $"{r.Decisions} / {r.DecisionsFailed} / {r.MissingDeliveries}");
        Row("chat messages sent / failed", $"{r.Chats} / {r.ChatsFailed}");
        Row("leaves / rejoins (each followed by a resync)", $"{r.Leaves} / {r.Rejoins}");
        Row("rooms closed / opened in their place / turnovers failed / ticks with no room ready to close", $"{r.RoomsClosed} / {r.RoomsOpened} / {r.TurnoverFailures} / {r.TurnoversSkipped}");
        Row("members checked (every room opened) / events each had to apply, total", $"{r.MembersChecked} / {r.EventsChecked}");
        Row("events lost (not applied by the room's end) / seq gaps / duplicates / decisions recorded twice", $"{r.EventsNotReceived} / {r.Gaps} / {r.Duplicates} / {r.DecisionsRecordedTwice}");
        Row("client reconnects (each member rejoins its room and resyncs after one) / calls sent again after a lost connection (same idempotency key)", $"{r.Reconnects} / {r.CallsRetried}");
        Row("verdict: nothing lost, repeated or refused", r.Clean ? "yes" : "**no**");

        if (r.ReconnectReasons.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Why connections were lost (the exception SignalR's client reported, and how many times):");
            text.AppendLine();
            foreach (var (reason, count) in r.ReconnectReasons.OrderByDescending(p => p.Value))
                text.AppendLine(c, $"- {count} × `{reason.Replace('`', '\'')}`");
        }

        text.AppendLine();
        text.AppendLine("Latency per window (decision scheduled → applied by the room's last stable member, live or by the resync after a reconnect; an interval counts in the window its middle falls in):");
        text.AppendLine();
        text.AppendLine("| window | minutes | decisions | p50 ms | p99 ms | max ms |");
        text.AppendLine("| ---: | --- | ---: | ---: | ---: | ---: |");
        foreach (var w in r.Windows)
            text.AppendLine(c, $"| {w.Index} | {w.FromMinutes:F1}–{w.ToMinutes:F1} | {w.Decisions} | {F(w.P50)} | {F(w.P99)} | {F(w.Max)} |");

        text.AppendLine();
        text.AppendLine("Every sample (sizes in MB; the interval's counts):");
        text.AppendLine();
        text.AppendLine("| s | rooms | decisions | chats | leaves | closed | errors | p50 ms | p99 ms | max ms | heap | heap after full GC | gen2 GCs | GC paused ms | full blocking pause ms | GC committed | RSS | native | of it SQLite | CPU % | db | WAL | folder |");
        text.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var s in r.Samples)
        {
            text.AppendLine(c,
                $"| {s.ElapsedSeconds:F0} | {s.Rooms} | {s.Decisions} | {s.Chats} | {s.Leaves} | {s.RoomsClosed} | {s.Errors} | {F(s.P50)} | {F(s.P99)} | {F(s.Max)} | " +
                $"{Mb(s.HeapBytes)} | {Mb(s.HeapAfterFullCollectionBytes)} | {s.Gen2Collections} | {F(s.PausedMs, 0)} | {F(s.FullBlockingPauseMs, 0)} | {Mb(s.CommittedBytes)} | {Mb(s.RssBytes)} | {Mb(s.NativeBytes)} | {Mb(s.SqliteBytes)} | {F(s.CpuPercent, 0)} | {Mb(s.DatabaseBytes)} | {Mb(s.WalBytes)} | {Mb(s.DataFolderBytes)} |");
        }

        if (r.FirstErrors.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("First errors:");
            text.AppendLine();
            foreach (var e in r.FirstErrors)
                text.AppendLine(c, $"- {e}");
        }

        return text.ToString();

        void Row(string name, string value) => text.AppendLine(c, $"| {name} | {value} |");

        string MinMax(Func<SoakSample, long> value) =>
            r.Samples.Count == 0 ? "—" : $"{Mb(r.Samples.Min(value))} / {Mb(r.Samples.Max(value))}";
    }

    public static string Csv(SoakResult r)
    {
        var text = new StringBuilder();
        text.AppendLine(SoakSample.CsvHeader);
        foreach (var s in r.Samples)
            text.AppendLine(s.ToCsv());
        return text.ToString();
    }
}
