using Consult.Server.Tests.Fixtures;
using Xunit.Abstractions;

namespace Consult.PowerCut.Tests;

/// <summary>When the power goes.</summary>
public abstract record CutMoment
{
    /// <summary>After <paramref name="Load"/> of load, at no particular call: the server is frozen, unsynced writes dropped.</summary>
    public sealed record During(TimeSpan Load) : CutMoment;

    /// <summary>At an exact file-system call, armed in LazyFS before the server starts (file relative to the data folder).</summary>
    public sealed record AtCall(string DataFile, string Operation, int Occurrence) : CutMoment;

    /// <summary>Right after a room's close is acknowledged, with the load still running.</summary>
    public sealed record AfterClose(TimeSpan Load) : CutMoment;
}

/// <summary>One power cut of the whole machine: load, cut, restart on the same disk, compare.</summary>
public sealed class PowerCutRun(ITestOutputHelper output)
{
    public const string Password = "power-cut-password";

    /// <summary>Embedded mode: the server's data folder (SQLite, keys, materials) on LazyFS.</summary>
    public async Task<Verification> Embedded(string name, CutMoment moment, WorkloadShape shape, IReadOnlyDictionary<string, string>? extra = null)
    {
        var armed = moment as CutMoment.AtCall;
        await using var disk = await LazyFs.Mount(armed is null ? null : backing => new ArmedCut(Path.Combine(backing, "data", armed.DataFile), armed.Operation, armed.Occurrence));
        var data = Path.Combine(disk.Root, "data");
        var settings = Settings(extra);
        var ledger = new Ledger();
        await using (var server = await ServerProcess.Start(data, Password, settings))
        {
            var load = new Workload(server, Password, ledger, shape);
            await load.Start();
            await Cut(moment, disk, server, load, ledger, output);
            await load.Stop();
        }

        // The machine comes back: the same disk, nothing else; the server starts by itself.
        await disk.Remount();
        await using var restarted = await ServerProcess.Start(data, Password, settings);
        var verification = new Verification(restarted, Password, ledger);
        await Verify(verification, restarted);
        Report(name, ledger, verification, restarted.Output);
        return verification;
    }

    /// <summary>Runs the checks; when one throws (a request that never answers), the restarted server's log goes with it.</summary>
    private async Task Verify(Verification verification, ServerProcess restarted)
    {
        try
        {
            await verification.Run();
        }
        catch
        {
            output.WriteLine("server after restart:\n" + string.Join('\n', restarted.Output.Split('\n').TakeLast(120)));
            throw;
        }
    }

    /// <summary>
    /// Cluster mode: a node on Redis started with the deployment's <c>redis.conf</c> (and
    /// <paramref name="appendFsync"/>), Redis's folder and the shared materials folder on LazyFS.
    /// Node and Redis lose power together.
    /// </summary>
    public async Task<Verification> Cluster(string name, string appendFsync, TimeSpan load, WorkloadShape shape)
    {
        await using var disk = await LazyFs.Mount();
        var redisFolder = Path.Combine(disk.Root, "redis");
        var config = Path.Combine(AppContext.BaseDirectory, "redis.conf");
        var ledger = new Ledger();
        // The node comes back as a restarted machine does: on the same silo ports, so that Orleans
        // sees the same silo in a new generation and retires the old one at once.
        var ports = (FreePorts.Next(), FreePorts.Next());
        Dictionary<string, string> settings;
        await using (var redis = await RedisServer.Start(redisFolder, config, appendFsync))
        {
            settings = Settings(ClusterSettings(redis, disk.Root, ports));
            await using var server = await ServerProcess.Start(Path.Combine(disk.Root, "node"), Password, settings);
            var workload = new Workload(server, Password, ledger, shape);
            await workload.Start();
            await Task.Delay(load);
            ledger.CutAt = ledger.Now;
            await server.Freeze();
            await redis.Pause();
            await disk.Cut();
            server.Kill();
            await redis.Kill();
            await workload.Stop();
        }

        await disk.Remount();
        await using var redisAgain = await RedisServer.Start(redisFolder, config, appendFsync);
        settings = Settings(ClusterSettings(redisAgain, disk.Root, ports));
        await using var restarted = await ServerProcess.Start(Path.Combine(disk.Root, "node"), Password, settings);
        var verification = new Verification(restarted, Password, ledger);
        await Verify(verification, restarted);
        Report(name, ledger, verification, restarted.Output);
        return verification;
    }

    private static Dictionary<string, string> ClusterSettings(RedisServer redis, string shared, (int Silo, int Gateway) ports) => new()
    {
        ["Consult:Silo:Port"] = ports.Silo.ToString(),
        ["Consult:Silo:GatewayPort"] = ports.Gateway.ToString(),
        ["Consult:Mode"] = "Cluster",
        ["ConnectionStrings:Redis"] = redis.ConnectionString(),
        ["Consult:Materials:Path"] = Path.Combine(shared, "materials"),
    };

    /// <summary>
    /// Outbox deliveries only by the durable reminder (as if every node died right after its
    /// write), every 2 s: after the restart, what the cut interrupted must arrive by reminders.
    /// </summary>
    private static Dictionary<string, string> Settings(IReadOnlyDictionary<string, string>? extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["Consult:Outbox:DeliverAfterWrite"] = "false",
            ["Consult:Outbox:ReminderPeriod"] = "00:00:02",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            settings[key] = value;
        return settings;
    }

    private static async Task Cut(CutMoment moment, LazyFs disk, ServerProcess server, Workload load, Ledger ledger, ITestOutputHelper output)
    {
        switch (moment)
        {
            case CutMoment.During during:
                await Task.Delay(during.Load);
                ledger.CutAt = ledger.Now;
                await server.Freeze();
                await disk.Cut();
                server.Kill();
                break;
            case CutMoment.AtCall call:
                if (!await disk.WaitForArmedCut(TimeSpan.FromSeconds(90)))
                    throw new InvalidOperationException($"The armed cut ({call.Operation} #{call.Occurrence} of {call.DataFile}) did not fire within 90 s of load:\n{disk.Log}");
                ledger.CutAt = ledger.Now;
                // The disk is gone; the process would only go on failing. Stop it as the cut did.
                await server.Freeze();
                server.Kill();
                break;
            case CutMoment.AfterClose after:
                await Task.Delay(after.Load);
                var closed = await load.CloseOne() ?? throw new InvalidOperationException("The room could not be closed under load.");
                ledger.CutAt = ledger.Now;
                await server.Freeze();
                await disk.Cut();
                server.Kill();
                output.WriteLine($"cut {(ledger.CutAt - closed.At)!.Value.TotalMilliseconds:F0} ms after the close of room {closed.RoomId} was acknowledged");
                break;
        }
    }

    private void Report(string name, Ledger ledger, Verification result, string serverOutput)
    {
        var line = $"power cut · {name}: {ledger.Counts}; lost {result.Lost.Count}, changed {result.Changed.Count}, " +
            $"half-done {result.HalfDone.Count}, reminders late {result.Late.Count}; {result.RoomsChecked} rooms and {result.CasesChecked} cases checked; " +
            $"restarted and signed in";
        if (result.Lost.Count > 0)
        {
            var youngest = result.Lost.Min(l => ledger.CutAt!.Value - l.At);
            var oldest = result.Lost.Max(l => ledger.CutAt!.Value - l.At);
            line += $"; lost writes were acknowledged {youngest.TotalMilliseconds:F0}–{oldest.TotalMilliseconds:F0} ms before the cut";
        }

        output.WriteLine(line);
        foreach (var finding in result.Lost.Select(l => $"lost {l.Kind}: {l.What} (acknowledged {(ledger.CutAt!.Value - l.At).TotalMilliseconds:F0} ms before the cut)")
                     .Concat(result.Changed.Select(c => "changed: " + c))
                     .Concat(result.HalfDone.Select(h => "half-done: " + h))
                     .Concat(result.Late.Select(l => "late: " + l))
                     .Take(40))
            output.WriteLine(finding);
        if (result.Lost.Count + result.Changed.Count + result.HalfDone.Count + result.Late.Count > 0)
            output.WriteLine("server after restart:\n" + string.Join('\n', serverOutput.Split('\n').TakeLast(60)));
        var report = Environment.GetEnvironmentVariable("CONSULT_POWER_CUT_REPORT") is { Length: > 0 } path
            ? path
            : Path.Combine(AppContext.BaseDirectory, "power-cut-report.txt");
        lock (typeof(PowerCutRun))
            File.AppendAllText(report, line + Environment.NewLine);
    }
}
