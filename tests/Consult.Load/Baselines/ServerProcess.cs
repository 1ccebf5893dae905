using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;

namespace Consult.Load.Baselines;

/// <summary>A server under test as a child process on a loopback port; reads its RSS and CPU time from /proc.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string? _dataFolder;

    private ServerProcess(Process process, Uri address, string? dataFolder)
    {
        _process = process;
        Address = address;
        _dataFolder = dataFolder;
    }

    public Uri Address { get; }

    public int Pid => _process.Id;

    /// <summary>B1/B2: the server's data folder (the SQLite file and its WAL); null for the bare hubs.</summary>
    public string? DataFolder => _dataFolder;

    /// <summary>B0: this tool, serving the bare hub; B3 (<paramref name="redis"/> given): the same with a Redis backplane and a Redis write per decision.</summary>
    /// <param name="contract">B0c: the bare hub speaking the contract's messages.</param>
    public static Task<ServerProcess> StartBare(ServerGc gc, string? redis = null, bool contract = false) =>
        Start(
            [
                Path.Combine(AppContext.BaseDirectory, "Consult.Load.dll"),
                BareHubServer.Argument,
                .. redis is not null ? [BareHubServer.RedisArgument, redis] : contract ? [BareHubServer.ContractArgument] : Array.Empty<string>(),
            ],
            new Dictionary<string, string>(),
            null,
            gc,
            consult: false);

    /// <summary>B1/B2: Consult in Production with demo accounts, a fresh data folder, free silo ports and the hub's rate limit raised.</summary>
    /// <param name="more">More settings (Cluster mode's, for S6).</param>
    public static Task<ServerProcess> StartConsult(string serverDll, string password, bool memoryStorage, ServerGc gc, string? dataFolder = null, IReadOnlyDictionary<string, string>? more = null)
    {
        var data = dataFolder ?? Path.Combine(Path.GetTempPath(), $"consult-load-{Guid.NewGuid():N}");
        var settings = new Dictionary<string, string>
        {
            ["Consult:DataPath"] = data,
            ["Consult:Demo:Enabled"] = "true",
            ["Consult:Demo:Password"] = password,
            ["Consult:Silo:Port"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Consult:Silo:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Consult:Hub:CallsPerSecond"] = "100000",
            ["Consult:Hub:Burst"] = "100000",
            ["Consult:Hub:UserCallsPerSecond"] = "1000000",
            ["Consult:Hub:UserBurst"] = "1000000",
            ["Consult:RateLimits:WritesPerSecond"] = "1000000",
            ["Consult:RateLimits:WriteBurst"] = "1000000",
            ["Consult:RateLimits:AnonymousPerMinute"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning",
            // GET /diagnostics/memory (loopback only): managed heap after a forced GC, read before the measured window.
            ["Consult:Diagnostics:Enabled"] = "true",
            // The rooms gauges' refresher queries the figures at its first tick after a scrape: every
            // 2 s rather than 30, so that the first (cold) query, which the run's first scrape wakes,
            // is over before anything is measured (see LoadRun).
            ["Consult:Metrics:RoomsRefreshSeconds"] = "2",
        };
        if (memoryStorage)
            settings["Consult:Storage"] = "Memory";
        foreach (var (key, value) in more ?? new Dictionary<string, string>())
            settings[key] = value;
        return Start([serverDll], settings, data, gc, consult: true);
    }

    private static async Task<ServerProcess> Start(string[] arguments, Dictionary<string, string> settings, string? dataFolder, ServerGc gc, bool consult)
    {
        var port = FreePort();
        // Pinned (--server-cpus): taskset sets the processors before the runtime starts, so every thread inherits them.
        var start = new ProcessStartInfo(gc.Cpus is null ? "dotnet" : "taskset", gc.Cpus is { } cpus ? ["-c", cpus, "dotnet", .. arguments] : arguments)
        {
            WorkingDirectory = Path.GetDirectoryName(arguments[0])!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        // The same garbage collector for every baseline, whatever the project files say.
        gc.Apply(start.Environment, consult);
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"), dataFolder);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReady(TimeSpan.FromSeconds(90));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Resident set size in bytes (VmRSS).</summary>
    public long Rss() => Status("VmRSS");

    /// <summary>
    /// The resident set's anonymous part (RssAnon: the managed heap, native allocations, stacks) and
    /// its file-backed part (RssFile: mapped code and files, which the kernel can drop and read again).
    /// </summary>
    public (long Anonymous, long FileBacked) RssParts() => (Status("RssAnon"), Status("RssFile"));

    private long Status(string field)
    {
        var prefix = field + ":";
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
                return long.Parse(line[prefix.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }

        throw new InvalidOperationException($"No {field} for process {Pid}.");
    }

    /// <summary>User + system CPU time of the process so far.</summary>
    public TimeSpan CpuTime() => CpuTimeOf(Pid);

    /// <summary>User + system CPU time so far of the process <paramref name="pid"/>.</summary>
    public static TimeSpan CpuTimeOf(int pid)
    {
        // Fields after the command name, which is in parentheses and may contain spaces; utime and stime are fields 14 and 15, in clock ticks (USER_HZ = 100 on Linux).
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (_dataFolder is not null && Directory.Exists(_dataFolder))
            Directory.Delete(_dataFolder, recursive: true);
    }

    /// <summary>
    /// Managed heap after a forced full GC, in bytes, as the server itself reports it
    /// (<c>/diagnostics/memory</c>); the forced collection pauses the server, so it is read outside measured windows.
    /// </summary>
    public async Task<long> Heap(CancellationToken cancellation)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        var answer = await client.GetFromJsonAsync<Consult.Server.Hosting.MemoryDiagnostics>(
            Consult.Server.Hosting.DiagnosticsHostingExtensions.MemoryPath, Consult.Common.ConsultJson.Options, cancellation);
        return answer?.HeapBytes ?? throw new InvalidOperationException("The server sent no memory diagnostics.");
    }

    /// <summary>
    /// The managed heap without a forced collection (<c>/diagnostics/memory?collect=false</c>): what the
    /// last collection, and the last full one, left in use. Cheap: read every few seconds under load (S7).
    /// </summary>
    /// <param name="native">False: without the C library's heap figures (the server's <c>mallinfo2</c> takes its arenas' locks).</param>
    public async Task<Consult.Server.Hosting.MemoryDiagnostics> HeapWithoutCollecting(HttpClient client, CancellationToken cancellation, bool native = true) =>
        await client.GetFromJsonAsync<Consult.Server.Hosting.MemoryDiagnostics>(
            new Uri(Address, Consult.Server.Hosting.DiagnosticsHostingExtensions.MemoryPath + (native ? "?collect=false" : "?collect=false&native=false")), Consult.Common.ConsultJson.Options, cancellation)
        ?? throw new InvalidOperationException("The server sent no memory diagnostics.");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
        {
            if (_output.Length < 64 * 1024)
                _output.AppendLine(line);
        }
    }

    private async Task WaitUntilReady(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Output}");
            try
            {
                // Consult: demo accounts exist once start-up (silo, seeding) is complete.
                var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "window", password = "-" });
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                    return;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The server did not answer within {timeout}:\n{Output}");
    }
}
