using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

/// <summary>
/// Which sampled allocations outlived their first collection. Each allocation tick carries the
/// address of the object allocated then; each collection's moved and surviving ranges (the GC's
/// survival and movement events) say whether an object allocated since the collection before
/// lived through it. What lives through a young collection is promoted: its copy is most of that
/// collection's pause, and it is garbage of an older generation later.
/// </summary>
internal static class Survivors
{
    private sealed record Young(ulong Address, string Type, long Amount, string Stack, string First);

    public static void Run(string path, int depth)
    {
        using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(path));
        var young = new List<Young>();
        var ranges = new List<(ulong Start, ulong Length)>();
        var byType = new Dictionary<string, long>();
        var byStack = new Dictionary<string, long>();
        var byFirst = new Dictionary<string, long>();
        var allocatedByFirst = new Dictionary<string, long>();
        long allocated = 0, survived = 0;
        int collections = 0, rangeEvents = 0, samples = 0;
        foreach (var e in log.Events)
        {
            switch (e)
            {
                case GCAllocationTickTraceData tick when tick.ObjectSize < 85_000:
                    var frames = Stacks.Frames(e);
                    young.Add(new Young(tick.Address, tick.TypeName, tick.AllocationAmount64, Stacks.Key(tick.TypeName, frames, depth), Stacks.FirstConsult(frames)));
                    break;
                case GCStartTraceData:
                    ranges.Clear();
                    break;
                case GCBulkMovedObjectRangesTraceData moved:
                    for (var i = 0; i < moved.Count; i++)
                        ranges.Add((moved.Values(i).OldRangeBase, moved.Values(i).RangeLength));
                    rangeEvents++;
                    break;
                case GCBulkSurvivingObjectRangesTraceData surviving:
                    for (var i = 0; i < surviving.Count; i++)
                        ranges.Add((surviving.Values(i).RangeBase, surviving.Values(i).RangeLength));
                    rangeEvents++;
                    break;
                case GCEndTraceData:
                    collections++;
                    ranges.Sort();
                    var starts = ranges.Select(r => r.Start).ToArray();
                    foreach (var sample in young)
                    {
                        samples++;
                        allocated += sample.Amount;
                        Stacks.Add(allocatedByFirst, sample.First, sample.Amount);
                        var index = Array.BinarySearch(starts, sample.Address);
                        if (index < 0)
                            index = ~index - 1;
                        if (index < 0 || sample.Address >= ranges[index].Start + ranges[index].Length)
                            continue;
                        survived += sample.Amount;
                        Stacks.Add(byType, sample.Type, sample.Amount);
                        Stacks.Add(byStack, sample.Stack, sample.Amount);
                        Stacks.Add(byFirst, sample.First, sample.Amount);
                    }

                    young.Clear();
                    break;
            }
        }

        Console.WriteLine($"collections {collections}, range events {rangeEvents}, samples judged {samples}; allocated {allocated / 1e6:F1} MB, "
            + $"survived their first collection {survived / 1e6:F2} MB ({100.0 * survived / Math.Max(1, allocated):F1} %)");
        if (rangeEvents == 0)
            Console.WriteLine("no survival ranges in this trace: collect with the keyword 0x400000 (GCHeapSurvivalAndMovement)");
        Stacks.Print("survivors by type", byType, survived, 30);
        Console.WriteLine("\n== survivors by first Consult frame (share of the survivors; share of that frame's allocation that survived)");
        foreach (var (first, amount) in byFirst.OrderByDescending(p => p.Value).Take(30))
            Console.WriteLine($"{100.0 * amount / survived,5:F1}%  {100.0 * amount / allocatedByFirst[first],5:F1}%  {first}");
        Stacks.Print("survivors by stack", byStack, survived, 40);
    }
}
