// Reads a dotnet-trace file of the server (docs/benchmarks.md, "What survives a young collection"):
//
//   alloc FILE [DEPTH]  allocation by type, by first Consult frame and by stack (allocation ticks;
//                       `dotnet-trace collect --profile gc-verbose`)
//   surv FILE [DEPTH]   which of those allocations outlived their first collection, by type, first
//                       Consult frame and stack (also needs the GC's survival and movement events:
//                       `dotnet-trace collect --providers Microsoft-Windows-DotNETRuntime:0x400001:5`)
//   marks FILE          collections, their pauses, and what each root kind marked (GCMarkWithType)
return args switch
{
    ["alloc", var path, ..] => Run(() => Allocations.Run(path, Depth(args))),
    ["surv", var path, ..] => Run(() => Survivors.Run(path, Depth(args))),
    ["marks", var path] => Run(() => Marks.Run(path)),
    _ => Usage(),
};

static int Depth(string[] args) => args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 8;

static int Run(Action action)
{
    action();
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: TraceRead alloc|surv FILE [DEPTH] | marks FILE");
    return 2;
}
