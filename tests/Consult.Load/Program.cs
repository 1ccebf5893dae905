using System.Diagnostics;
using Consult.Load;
using Consult.Load.Baselines;
using Consult.Load.Measurement;
using Consult.Load.Reporting;

if (args is [BareHubServer.Argument, .. var bareOptions])
{
    await BareHubServer.Run(bareOptions is [BareHubServer.RedisArgument, var redis] ? redis : null, bareOptions is [BareHubServer.ContractArgument]);
    return 0;
}

if (args is [ApartBoards.Argument, var boardServer, var boardRoom, var boardUser])
    return await ApartBoards.Host(new Uri(boardServer), Guid.Parse(boardRoom), boardUser);

if (args is ["--help" or "-h"])
{
    Console.WriteLine(LoadSettings.Usage);
    return 0;
}

LoadSettings settings;
try
{
    settings = LoadSettings.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var startedAt = DateTimeOffset.UtcNow;
var clock = Stopwatch.StartNew();
if (settings.Scenario == "S5")
{
    var grainResults = new List<GrainMemoryRun.Figures>();
    foreach (var baseline in settings.Baselines)
        grainResults.Add(await new GrainMemoryRun(settings, baseline, Console.Out).Execute(cancellation.Token));
    var grainReport = MarkdownReport.WriteGrainMemory(string.Join(' ', ["Consult.Load", .. args]), grainResults, startedAt, clock.Elapsed);
    await File.WriteAllTextAsync(settings.OutputFile, grainReport);
    Console.WriteLine(grainReport);
    Console.WriteLine($"Report written to {Path.GetFullPath(settings.OutputFile)}");
    return 0;
}

if (settings.Scenario == "S6")
{
    var reads = await new ReadsRun(settings, Console.Out).Execute(cancellation.Token);
    var readsReport = ReadsReport.Write(string.Join(' ', ["Consult.Load", .. args]), reads, startedAt, clock.Elapsed);
    await File.WriteAllTextAsync(settings.OutputFile, readsReport);
    Console.WriteLine(readsReport);
    Console.WriteLine($"Report written to {Path.GetFullPath(settings.OutputFile)}");
    return reads.Reads.All(r => r.Errors == 0) ? 0 : 1;
}

if (settings.Scenario == "S9")
{
    var layouts = await new StorageLayoutRun(settings, Console.Out).Execute(cancellation.Token);
    var layoutReport = StorageLayoutReport.Write(string.Join(' ', ["Consult.Load", .. args]), layouts, startedAt, clock.Elapsed);
    await File.WriteAllTextAsync(settings.OutputFile, layoutReport);
    Console.WriteLine(layoutReport);
    Console.WriteLine($"Report written to {Path.GetFullPath(settings.OutputFile)}");
    return 0;
}

if (settings.Scenario == "S8")
{
    var bucketRun = new BucketWritesRun(settings, Console.Out);
    var writes = await bucketRun.Execute(cancellation.Token);
    var writesReport = BucketWritesReport.Write(string.Join(' ', ["Consult.Load", .. args]), writes, bucketRun.FollowUps, startedAt, clock.Elapsed);
    await File.WriteAllTextAsync(settings.OutputFile, writesReport);
    Console.WriteLine(writesReport);
    Console.WriteLine($"Report written to {Path.GetFullPath(settings.OutputFile)}");
    return 0;
}

if (settings.Soak is { } soak)
{
    var soaked = await new SoakRun(settings, soak, settings.Baselines[0], Console.Out).Execute(cancellation.Token);
    var csv = Path.ChangeExtension(settings.OutputFile, ".csv");
    var soakReport = SoakReport.Write(settings, soak, string.Join(' ', ["Consult.Load", .. args]), soaked, csv, startedAt, clock.Elapsed);
    await File.WriteAllTextAsync(settings.OutputFile, soakReport);
    await File.WriteAllTextAsync(csv, SoakReport.Csv(soaked));
    Console.WriteLine(soakReport);
    Console.WriteLine($"Report written to {Path.GetFullPath(settings.OutputFile)} and {Path.GetFullPath(csv)}");
    return soaked.Clean ? 0 : 1;
}

var results = new List<RunResult>();
// Interleaved: B0, B1, B2, then again, so that a noisy minute on a shared machine hits every baseline alike.
for (var repetition = 1; repetition <= settings.Repetitions; repetition++)
{
    foreach (var baseline in settings.Baselines)
    {
        var result = await new LoadRun(settings, baseline, repetition, Console.Out).Execute(cancellation.Token);
        Console.WriteLine($"[{baseline} rep {repetition}] p50 {result.P50:F2} ms, p99 {result.P99:F2} ms, {result.DecisionsPerSecond:F1} decisions/s, errors {result.Errors}, missing {result.MissingDeliveries}");
        results.Add(result);
    }
}

var command = string.Join(' ', ["Consult.Load", .. args]);
var report = MarkdownReport.Write(settings, command, results, startedAt, clock.Elapsed);
await File.WriteAllTextAsync(settings.OutputFile, report);
Console.WriteLine();
Console.WriteLine(report);
Console.WriteLine($"Report written to {Path.GetFullPath(settings.OutputFile)}");
var clean = results.All(r => r.MissingDeliveries == 0 && r.SeqGaps == 0 && r.Duplicates == 0);
return clean ? 0 : 1;
