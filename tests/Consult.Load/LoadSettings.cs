using System.Globalization;
using Consult.Load.Measurement;

namespace Consult.Load;

/// <summary>What one invocation runs: a scenario's shape, the baselines, and how often each repeats.</summary>
public sealed record LoadSettings(
    string Scenario,
    int Rooms,
    int Participants,
    int DecisionsPerSecond,
    TimeSpan Duration,
    int Repetitions,
    IReadOnlyList<Baseline> Baselines,
    string OutputFile,
    string ServerDll,
    int MaxRate,
    bool ReadHeap,
    int IdleRooms = 0,
    ServerGc? Gc = null,
    int Boards = 0,
    int Requests = 200)
{
    /// <summary>S6 only: the server in Cluster mode on a redis-server of the run's own, the rows seeded into Redis.</summary>
    public bool Cluster { get; init; }

    /// <summary><c>--board-client</c>: what opens the boards of a <c>--boards N</c> run.</summary>
    public BoardClient BoardClient { get; init; }

    /// <summary>Thin circuits speaking Blazor's protocol (in this process or a child), not Chromium pages.</summary>
    public bool ThinBoards => BoardClient != BoardClient.Pages;

    /// <summary><c>--board-control</c>: the boards' two windows with no board opened (an A/A check of the boards' bound).</summary>
    public bool BoardControl { get; init; }

    /// <summary>
    /// <c>--boards-warm-up N</c>: decisions a boards run (or its control) sends before each of its windows, not
    /// measured; a server pinned to one processor needs more than the default to leave its first window warm.
    /// </summary>
    public int BoardsWarmUpDecisions { get; init; } = 1500;

    /// <summary>
    /// <c>--warm-up S</c>: seconds of the run's rate sent before the measured window, not measured (every baseline
    /// the same). After the default 3 s Consult's tiered JIT still compiles in the window's first seconds.
    /// </summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The warm-up as sent: <see cref="WarmUp"/>, at most the measured window's length.</summary>
    public double WarmUpSeconds => Math.Min(WarmUp.TotalSeconds, Duration.TotalSeconds);

    /// <summary>The run has the boards' two windows: <c>--boards N</c> or its control.</summary>
    public bool BoardsRun => Boards > 0 || BoardControl;

    /// <summary><c>--b2b-env K=V,K=V</c>: what baseline B2b's server gets in its environment beyond B2's.</summary>
    public IReadOnlyDictionary<string, string> B2bEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary><c>--b2b-dll PATH</c>: another build of the server for B2b (an A/B of a code change in one run); null: B2's.</summary>
    public string? B2bServerDll { get; init; }

    /// <summary>What B2b differs from B2 in, as the report names it.</summary>
    public string B2bChange => string.Join(", ", B2bEnvironment.Select(e => $"{e.Key}={e.Value}")
        .Concat(B2bServerDll is null ? [] : [$"the server build {B2bServerDll}"]));

    /// <summary>S7 only: chat, leaving and rejoining, room turnover and sampling.</summary>
    public SoakSettings? Soak { get; init; }

    /// <summary>The garbage collector every server process of the run gets (the same for every baseline).</summary>
    public ServerGc ServerGc => Gc ?? ServerGc.Shipped;

    /// <summary>S3: a step whose p99 is above this fails; the saturation point is the highest passing rate.</summary>
    public const double SaturationP99Ms = 250;

    /// <summary>S3: bisection steps after the doubling found a failing rate.</summary>
    public const int BisectSteps = 3;

    /// <summary>S3 searches the saturation point instead of measuring one rate.</summary>
    public bool Saturation => Scenario == "S3";

    /// <summary>Invited (deciding) departments per room; the other participants are read-only.</summary>
    public const int Departments = 3;

    public static readonly string Usage = $"""
        Consult load benchmark: vote-to-all-delivered latency, throughput and memory, against a bare SignalR hub.

          dotnet run -c Release --project tests/Consult.Load -- [--quick | --scenario S1|S2|S3|S4|S5|S6|S7|S8|S9] [overrides]

        Presets (issue 5):
          --quick        50 rooms x 6 participants, 30 decisions/s, 10 s per baseline, 1 repetition
          --scenario S1  1,000 rooms x 10 participants, 100 decisions/s, 60 s, 3 repetitions
          --scenario S2  the same at 500 decisions/s
          --scenario S3  1,000 rooms x 10: saturation search; rate doubling from --rate (100) until p99 > 250 ms
                         or --max-rate (4000), then 3 bisection steps; --seconds (10, at most 15) per step, 1 repetition
          --scenario S4  connections held, no decisions (memory per connection)
          --scenario S5  --rooms N cases (default 100,000) registered, deactivated, read again: heap per idle case grain (B1/B2 only, default B2);
                         then --idle-rooms N (default 1,000) of them get a consultation opened, deactivated, read again: heap per idle room grain
          --scenario S6  reads at volume: --rooms N cases (default 1,000,000; 100,000 today, the rest over 29 days) seeded into
                         the storage file, then --requests N (default 200) of each read: listing pages, searches, month figures;
                         --mode cluster seeds a redis-server of the run's own instead and starts the server in Cluster mode on it
          --scenario S8  metrics bucket writes: buckets of 200, 2,000 and --rooms N (default 17,000) rooms, whole in one row and
                         in pages, in an in-process silo; --requests N (default 200) decisions each: time, CPU and bytes per write
          --scenario S9  the grain storage's table, WITHOUT ROWID (before 2026-12-03) against rowid (now): 2,000, 20,000 and
                         --rooms N (default 100,000) states of 0.5-12 KB, --requests N (default 2,000) synced writes and point reads
                         of random states each, --reps N (default 3) interleaved; time and CPU per operation
        {SoakSettings.Usage}
        Overrides:
          --rooms N --participants N --rate N --seconds N --reps N --max-rate N (S3)
          --baselines B0,B1,B2,B3 (default: all four; B1 = Consult with in-memory grain storage,
                                  B3 = bare hub + Redis backplane + a Redis write per decision, needs /usr/bin/redis-server;
                                  B3a = B3 with Redis fsyncing every write before answering (appendfsync always), as durable as B2;
                                  B0b = the bare hub again in its own process: an A/A check of the ratios to B0;
                                  B0c = the bare hub speaking the contract's messages: a room snapshot per answer, Consult's events;
                                  B2b = B2 with the environment of --b2b-env and/or the build of --b2b-dll: an A/B in the same run)
          --b2b-env K=V,K=V      (B2b's extra environment variables: runtime ones, or Consult's settings as Section__Key)
          --b2b-dll PATH         (B2b's server build, e.g. a copy of this folder from before a change)
          --heap off             (skip the managed-heap reads, each a forced full GC in the server before the measured window)
          --out FILE             (default: benchmark-<scenario>-<utc time>.md)
          --server-dll PATH      (default: Consult.Server.dll beside this tool)
          --boards N             (S1/S2/quick, B1/B2 only: a window without, then one with N Chromium pages on the first
                                  room's board; hub p99 of both, board update p50/p99, heap per circuit; use --rooms 1
                                  so that every decision is in the boards' room; needs a published server: --server-dll)
          --board-control on     (the same two windows and pauses as --boards, no board opened: an A/A check of how much
                                  the second window's p99 differs from the first's by itself)
          --warm-up S            (seconds at the run's rate before each measured window, not measured; 3. After 3 s Consult's
                                  tiered JIT still compiles in the window's first seconds; 20 s moved no ratio, 2026-12-04)
          --boards-warm-up N     (decisions sent before each window of a boards run or its control, not measured; 1500)
          --board-client pages|thin|thin-apart|thin-idle
                                 (pages, the default: Chromium pages, each rendering on this machine's cores; thin: one
                                  connection per board speaking Blazor's own protocol, rendering nothing, in this tool's
                                  process; any server build; thin-apart: the thin boards in a child process, so that their
                                  collections do not pause the hub clients measured here; thin-idle: that child at the
                                  kernel's idle priority, `chrt --idle 0`, standing in for boards on other PCs)
          --gc workstation|server --gen0-mb N
                                 (the garbage collector of every server process, the same for every baseline;
                                  default: workstation; the first generation's budget Consult's servers 4 MB as deploy/Dockerfile
                                  ships them, the bare hubs the runtime's own; --gen0-mb 0: the runtime's own for every server)
          --server-cpus LIST     (every server process on these processors only, `taskset -c LIST`; run this tool itself
                                  under `taskset -c` on the others, e.g. `taskset -c 0 dotnet … --server-cpus 1`,
                                  so that the load client and the server stop taking each other's cores; default: all)
          --spin-limit N         (the thread pool's spin-wait limit of every server process, DOTNET_ThreadPool_UnfairSemaphoreSpinLimit;
                                  default: each process's own, i.e. Consult's runtimeconfig (0) and the runtime's for the bare hubs)
          --malloc-arenas N      (the C library's arena limit of every server process, MALLOC_ARENA_MAX; 0: the C library's own;
                                  default: Consult's servers 2, as deploy/Dockerfile ships them, the bare hubs the C library's own)
          --tiering-delay MS     (the tiered JIT's call-counting delay of every server process, DOTNET_TC_CallCountingDelayMs;
                                  -1: the runtime's own (100 ms, 1 s on one processor); default: Consult's servers 0, as
                                  deploy/Dockerfile ships them, the bare hubs the runtime's own)
        """;

    public int Connections => Rooms * Participants;

    private static Dictionary<string, string> Variables(string list)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals < 1)
                throw new ArgumentException($"--b2b-env takes NAME=VALUE pairs separated by commas, not '{pair}'.");
            variables[pair[..equals]] = pair[(equals + 1)..];
        }

        return variables;
    }

    public static LoadSettings Parse(string[] args)
    {
        var scenario = "quick";
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    scenario = "quick";
                    break;
                case "--scenario" when i + 1 < args.Length:
                    scenario = args[++i].ToUpperInvariant();
                    break;
                case var key when key.StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length:
                    values[key[2..]] = args[++i];
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.\n\n{Usage}");
            }
        }

        var preset = scenario switch
        {
            "quick" => (Rooms: 50, Participants: 6, Rate: 30, Seconds: 10, Reps: 1),
            "S1" => (Rooms: 1000, Participants: 10, Rate: 100, Seconds: 60, Reps: 3),
            "S2" => (Rooms: 1000, Participants: 10, Rate: 500, Seconds: 60, Reps: 3),
            "S3" => (Rooms: 1000, Participants: 10, Rate: 100, Seconds: 10, Reps: 1),
            "S4" => (Rooms: 1000, Participants: 10, Rate: 0, Seconds: 30, Reps: 3),
            "S5" => (Rooms: 100_000, Participants: 4, Rate: 0, Seconds: 1, Reps: 1),
            "S6" => (Rooms: 1_000_000, Participants: 4, Rate: 0, Seconds: 1, Reps: 1),
            "S7" => (Rooms: 1000, Participants: 10, Rate: 100, Seconds: 3600, Reps: 1),
            "S8" => (Rooms: 17_000, Participants: 4, Rate: 0, Seconds: 1, Reps: 1),
            "S9" => (Rooms: 100_000, Participants: 4, Rate: 0, Seconds: 1, Reps: 3),
            _ => throw new ArgumentException($"Unknown scenario '{scenario}'.\n\n{Usage}"),
        };

        int Int(string key, int fallback) =>
            values.Remove(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        var settings = new LoadSettings(
            scenario,
            Int("rooms", preset.Rooms),
            Int("participants", preset.Participants),
            Int("rate", preset.Rate),
            TimeSpan.FromSeconds(Int("seconds", preset.Seconds)),
            Int("reps", preset.Reps),
            values.Remove("baselines", out var b)
                ? [.. b.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Enum.Parse<Baseline>)]
                : scenario is "S5" or "S6" or "S7" or "S8" or "S9" ? [Baseline.B2] : [Baseline.B0, Baseline.B1, Baseline.B2, Baseline.B3],
            values.Remove("out", out var o) ? o : $"benchmark-{scenario}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md",
            values.Remove("server-dll", out var d) ? d : Path.Combine(AppContext.BaseDirectory, "Consult.Server.dll"),
            Int("max-rate", 4000),
            !values.Remove("heap", out var h) || h != "off",
            Int("idle-rooms", scenario == "S5" ? 1000 : 0),
            new ServerGc(
                values.Remove("gc", out var gc) ? gc switch
                {
                    "server" => true,
                    "workstation" => false,
                    _ => throw new ArgumentException($"--gc is workstation or server, not '{gc}'."),
                } : ServerGc.Shipped.Server,
                values.Remove("gen0-mb", out var gen0) ? int.Parse(gen0, CultureInfo.InvariantCulture) : ServerGc.Shipped.Gen0Megabytes)
            {
                SpinLimit = values.Remove("spin-limit", out var spin) ? int.Parse(spin, CultureInfo.InvariantCulture) : null,
                Cpus = values.Remove("server-cpus", out var cpus) ? ServerGc.CpuList(cpus) : null,
                MallocArenas = values.Remove("malloc-arenas", out var arenas) ? int.Parse(arenas, CultureInfo.InvariantCulture) : null,
                TieringDelayMs = values.Remove("tiering-delay", out var tiering) ? int.Parse(tiering, CultureInfo.InvariantCulture) : null,
            },
            Int("boards", 0),
            Int("requests", scenario == "S9" ? 2_000 : 200));

        if (scenario == "S7")
            settings = settings with { Soak = SoakSettings.Take(values) };
        if (values.Remove("board-control", out var control))
            settings = settings with
            {
                BoardControl = control == "on" ? true
                    : throw new ArgumentException($"--board-control takes 'on', not '{control}'."),
            };
        if (values.Remove("warm-up", out var warmUp))
            settings = settings with
            {
                WarmUp = double.Parse(warmUp, CultureInfo.InvariantCulture) is >= 0 and var seconds
                    ? TimeSpan.FromSeconds(seconds)
                    : throw new ArgumentException($"--warm-up takes seconds, 0 or more, not '{warmUp}'."),
            };
        if (values.Remove("boards-warm-up", out var boardsWarmUp))
            settings = settings with { BoardsWarmUpDecisions = int.Parse(boardsWarmUp, CultureInfo.InvariantCulture) };
        if (values.Remove("b2b-env", out var b2bEnv))
            settings = settings with { B2bEnvironment = Variables(b2bEnv) };
        if (values.Remove("b2b-dll", out var b2bDll))
            settings = settings with
            {
                B2bServerDll = File.Exists(b2bDll) ? b2bDll : throw new ArgumentException($"--b2b-dll: no file '{b2bDll}'."),
            };
        if (values.Remove("board-client", out var boardClient))
        {
            settings = settings with
            {
                BoardClient = boardClient switch
                {
                    "pages" => BoardClient.Pages,
                    "thin" => BoardClient.Thin,
                    "thin-apart" => BoardClient.ThinApart,
                    "thin-idle" => BoardClient.ThinIdle,
                    _ => throw new ArgumentException($"--board-client is pages, thin, thin-apart or thin-idle, not '{boardClient}'."),
                },
            };
        }
        if (values.Remove("mode", out var mode))
        {
            settings = settings with
            {
                Cluster = mode switch
                {
                    "cluster" => true,
                    "embedded" => false,
                    _ => throw new ArgumentException($"--mode is embedded or cluster, not '{mode}'."),
                },
            };
            if (scenario != "S6")
                throw new ArgumentException("--mode is for S6: the reads of one server on SQLite (embedded) or on Redis (cluster).");
        }
        if (values.Count > 0)
            throw new ArgumentException($"Unknown option(s): {string.Join(", ", values.Keys.Select(k => "--" + k))}.\n\n{Usage}");
        if (settings.Participants < Departments + 1)
            throw new ArgumentException($"--participants must be at least {Departments + 1} (the convener and {Departments} department representatives).");
        if (settings.Rooms < 1 || settings.DecisionsPerSecond < 0 || settings.Repetitions < 1 || settings.Duration <= TimeSpan.Zero)
            throw new ArgumentException("--rooms, --reps and --seconds must be positive, --rate not negative.");
        if (settings.Saturation && (settings.DecisionsPerSecond < 1 || settings.MaxRate < settings.DecisionsPerSecond))
            throw new ArgumentException("S3 needs --rate ≥ 1 (the first step) and --max-rate ≥ --rate.");
        if (scenario == "S5" && settings.Baselines.Any(b => b is not (Baseline.B1 or Baseline.B2)))
            throw new ArgumentException("S5 measures Consult's grains: --baselines B1 and/or B2 (default B2).");
        if (scenario == "S7" && (settings.Baselines.Any(b => b is not (Baseline.B1 or Baseline.B2)) || settings.Participants <= SoakSettings.StableMembers))
            throw new ArgumentException($"S7 soaks Consult: --baselines B2 (default) or B1, and --participants above {SoakSettings.StableMembers} (some members leave and rejoin).");
        if (settings.Baselines.Contains(Baseline.B2b) != (settings.B2bEnvironment.Count > 0 || settings.B2bServerDll is not null))
            throw new ArgumentException("B2b and --b2b-env or --b2b-dll go together: B2b is B2 with --b2b-env's variables and/or --b2b-dll's build.");
        if (settings.BoardControl && settings.Boards > 0)
            throw new ArgumentException("--board-control opens no board: leave out --boards.");
        if (settings.BoardsRun && (settings.Saturation || scenario is "S4" or "S5" or "S6" or "S7" || settings.Baselines.Any(b => b is not (Baseline.B1 or Baseline.B2))))
            throw new ArgumentException("--boards opens Consult's board: S1, S2 or --quick, with --baselines B1 and/or B2.");
        if (settings.Boards > 0 && !settings.ThinBoards && !Directory.Exists(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settings.ServerDll))!, "wwwroot")))
            throw new ArgumentException("--boards needs a published server (a build folder serves no static files in Production, so no circuit starts): " +
                "dotnet publish src/Consult.Server -c Release -o /tmp/consult-pub, then --server-dll /tmp/consult-pub/Consult.Server.dll.");
        if (scenario == "S6" && (settings.Rooms < ReadsRunDefaults.MinimumCases || settings.Requests < 1))
            throw new ArgumentException($"S6 seeds at least {ReadsRunDefaults.MinimumCases:N0} cases (--rooms) and asks each read at least once (--requests).");
        if (scenario == "S8" && (settings.Rooms < 2_000 || settings.Requests < 1))
            throw new ArgumentException("S8 fills a bucket with at least 2,000 rooms (--rooms; the smaller scales are 200 and 2,000) and makes at least one decision (--requests).");
        if (scenario == "S9" && (settings.Rooms < 20_000 || settings.Requests < 1))
            throw new ArgumentException("S9's largest table is at least 20,000 states (--rooms; the smaller are 2,000 and 20,000), with at least one write and read (--requests).");
        if (scenario is not ("S5" or "S6" or "S7" or "S8" or "S9") && !settings.BoardsRun && !settings.Baselines.Contains(Baseline.B0))
            throw new ArgumentException("--baselines must include B0: every figure is reported as a ratio to it.");
        return settings;
    }
}
