using System.Diagnostics;
using System.Globalization;

namespace Consult.Load.Measurement;

/// <summary>
/// <c>--board-client thin-apart</c>: the thin circuits (<see cref="ThinBoards"/>) in a process of their own, so that
/// the boards' client side, which in a service centre is 50 other PCs, no longer pauses the hub clients whose p99 the
/// run compares: with <c>thin</c> they share this tool's heap, and the boards' batches made it collect two and a half
/// times as often (2026-12-05: 19 collections in a window without the boards, 50 with them, 150 ms paused). With
/// <c>thin-idle</c> the child runs at the kernel's idle priority (<c>chrt --idle 0</c>): it takes only the processor
/// time the server and the hub clients leave. Either way the server renders, diffs and sends to every board exactly as
/// with <c>thin</c>.
/// </summary>
/// <remarks>
/// The child is this tool started with <see cref="Argument"/>; it is driven by lines on its standard input
/// (<c>open N</c>, <c>seen</c>) and answers on its standard output. A sighting's time is a <see cref="Stopwatch"/>
/// timestamp, which on Linux is the system's monotonic clock, the same in both processes.
/// </remarks>
public sealed class ApartBoards : IBoardClients
{
    /// <summary>The child's first argument; then the server's address, the room and the user the boards sign in as.</summary>
    public const string Argument = "--board-host";

    private readonly Process _process;
    private readonly List<string> _errors = [];

    private ApartBoards(Process process) => _process = process;

    public int Count { get; private set; }

    /// <summary>The child's collections (of every generation) until the last <see cref="Latencies"/>.</summary>
    public int Collections { get; private set; }

    public IReadOnlyList<string> Errors => _errors;

    /// <summary>The child's processor time (user and system) so far, from /proc.</summary>
    public TimeSpan CpuTime => Baselines.ServerProcess.CpuTimeOf(_process.Id);

    /// <summary>Starts the child and waits until it signed in and opened its first board (not counted), as <see cref="ThinBoards.Start"/>.</summary>
    public static async Task<ApartBoards> Start(Uri server, Guid roomId, string userName, bool idle)
    {
        string[] child = ["dotnet", Path.Combine(AppContext.BaseDirectory, "Consult.Load.dll"), Argument, server.ToString(), roomId.ToString(), userName];
        var start = new ProcessStartInfo(idle ? "chrt" : child[0], idle ? ["--idle", "0", .. child] : child[1..])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var boards = new ApartBoards(Process.Start(start) ?? throw new InvalidOperationException("The boards' process did not start."));
        await boards.Expect("ready");
        return boards;
    }

    public async Task Open(int count)
    {
        await _process.StandardInput.WriteLineAsync($"open {count}");
        await _process.StandardInput.FlushAsync();
        Count = int.Parse(await Expect("opened"), CultureInfo.InvariantCulture);
    }

    public async Task<BoardFigures> Latencies(DecisionLedger ledger, int sent, Func<long, double> unixMsAt)
    {
        await _process.StandardInput.WriteLineAsync("seen");
        await _process.StandardInput.FlushAsync();
        var marks = new List<(string Comment, long At)>();
        while (await _process.StandardOutput.ReadLineAsync() is { } line && line != "end")
        {
            if (line.StartsWith("error ", StringComparison.Ordinal))
            {
                _errors.Add(line[6..]);
                continue;
            }
            if (line.StartsWith("collections ", StringComparison.Ordinal))
            {
                Collections = int.Parse(line[12..], CultureInfo.InvariantCulture);
                continue;
            }
            var tab = line.IndexOf('\t');
            marks.Add((line[..tab], long.Parse(line[(tab + 1)..], CultureInfo.InvariantCulture)));
        }
        return BoardFigures.Of(ledger, sent, Count, marks,
            (id, arrived) => Stopwatch.GetElapsedTime(ledger.ScheduledAt(id), arrived).TotalMilliseconds);
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }

    /// <summary>Reads the child's lines until one starts with <paramref name="word"/>; returns the rest of it.</summary>
    private async Task<string> Expect(string word)
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line == word)
                return "";
            if (line.StartsWith(word + " ", StringComparison.Ordinal))
                return line[(word.Length + 1)..];
        }
        throw new InvalidOperationException($"The boards' process ended before it said '{word}' (exit code {(_process.HasExited ? _process.ExitCode : -1)}).");
    }

    /// <summary>The child: opens the boards it is told to and reports what they saw.</summary>
    public static async Task<int> Host(Uri server, Guid roomId, string userName)
    {
        await using var boards = await ThinBoards.Start(server, roomId, userName);
        Console.WriteLine("ready");
        while (Console.ReadLine() is { } command)
        {
            if (command.StartsWith("open ", StringComparison.Ordinal))
            {
                await boards.Open(int.Parse(command[5..], CultureInfo.InvariantCulture));
                Console.WriteLine($"opened {boards.Count}");
            }
            else if (command == "seen")
            {
                foreach (var error in boards.Errors)
                    Console.WriteLine($"error {error.ReplaceLineEndings(" ")}");
                Console.WriteLine($"collections {GC.CollectionCount(0)}");
                foreach (var (comment, at) in boards.Sightings())
                    Console.WriteLine($"{comment}\t{at.ToString(CultureInfo.InvariantCulture)}");
                Console.WriteLine("end");
            }
        }
        return 0;
    }
}
