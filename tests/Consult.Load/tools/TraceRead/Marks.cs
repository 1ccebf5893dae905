using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

/// <summary>Collections, their pauses, and what each root kind marked (GCMarkWithType: 3 is older generations' references).</summary>
internal static class Marks
{
    public static void Run(string path)
    {
        using var source = new EventPipeEventSource(path);
        var clr = source.Clr;
        var byType = new Dictionary<int, (long bytes, int n)>();
        var starts = new Dictionary<int, double>();
        var pauses = new List<(int gen, double ms)>();
        double? suspendStart = null;
        int gcs = 0; int lastGen = -1;
        clr.GCStart += e => { gcs++; lastGen = e.Depth; };
        clr.GCSuspendEEStart += e => suspendStart = e.TimeStampRelativeMSec;
        clr.GCRestartEEStop += e => { if (suspendStart is { } s) pauses.Add((lastGen, e.TimeStampRelativeMSec - s)); suspendStart = null; };
        clr.GCMarkWithType += e => { var v = byType.GetValueOrDefault(e.Type); byType[e.Type] = (v.bytes + e.Promoted, v.n + 1); };
        clr.GCPerHeapHistory += e => { };
        source.Process();
        Console.WriteLine($"GCs {gcs}");
        foreach (var g in pauses.GroupBy(p => p.gen))
            Console.WriteLine($"gen{g.Key}: {g.Count()} pauses, mean {g.Average(p => p.ms):F2} ms, max {g.Max(p => p.ms):F2}");
        foreach (var (t, v) in byType.OrderBy(k => k.Key))
            Console.WriteLine($"mark type {t}: {v.n} events, {v.bytes / 1e6:F2} MB total, {v.bytes / Math.Max(1, v.n) / 1e3:F1} KB each");
    }
}
