using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

/// <summary>Allocation by type, first Consult frame and stack, from the allocation ticks (one per ~100 KB).</summary>
internal static class Allocations
{
    public static void Run(string path, int depth)
    {
        using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(path));
        var byType = new Dictionary<string, long>();
        var byFirst = new Dictionary<string, long>();
        var byStack = new Dictionary<string, long>();
        long total = 0;
        foreach (var e in log.Events)
        {
            if (e is not GCAllocationTickTraceData tick)
                continue;
            var frames = Stacks.Frames(e);
            total += tick.AllocationAmount64;
            Stacks.Add(byType, tick.TypeName, tick.AllocationAmount64);
            Stacks.Add(byFirst, Stacks.FirstConsult(frames), tick.AllocationAmount64);
            Stacks.Add(byStack, Stacks.Key(tick.TypeName, frames, depth), tick.AllocationAmount64);
        }

        Console.WriteLine($"allocation sampled: {total / 1e6:F1} MB");
        Stacks.Print("by type", byType, total, 30);
        Stacks.Print("by first Consult frame", byFirst, total, 40);
        Stacks.Print("by stack", byStack, total, 60);
    }
}
