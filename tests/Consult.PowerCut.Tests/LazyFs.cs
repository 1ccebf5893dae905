using System.Diagnostics;
using System.Text;

namespace Consult.PowerCut.Tests;

/// <summary>
/// A folder on LazyFS (<c>../shared/tools/lazyfs</c>): writes stay in LazyFS's own cache until
/// fsync, and a cut drops the rest, as a power cut does. Two kinds of cut: <see cref="Cut"/> on
/// command (the FIFO's <c>lazyfs::clear-cache</c>, with the writer frozen first), and a cut armed
/// at start-up that fires at an exact file-system call (<see cref="ArmedCut"/>: LazyFS kills itself
/// just before, say, the 300th fsync of the WAL, losing everything unsynced at that instant).
/// </summary>
public sealed class LazyFs : IAsyncDisposable
{
    private readonly string _state;
    private Process? _process;
    private int _mounts;

    private LazyFs(string root)
    {
        Root = root;
        Backing = root + ".backing";
        _state = root + ".lazyfs";
    }

    /// <summary>The mounted folder: what the server writes to.</summary>
    public string Root { get; }

    /// <summary>The folder underneath: what a disk keeps.</summary>
    public string Backing { get; }

    /// <summary>LazyFS's own log of the current mount (fault triggers are logged as critical).</summary>
    public string Log
    {
        get
        {
            if (!File.Exists(LogPath))
                return "";
            using var file = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return new StreamReader(file).ReadToEnd();
        }
    }

    private string LogPath => Path.Combine(_state, $"lazyfs-{_mounts}.log");

    private string Fifo => Path.Combine(_state, "faults.fifo");

    /// <summary>Mounts LazyFS on a new temporary folder; <paramref name="arm"/> (given the backing folder) cuts at an exact call.</summary>
    public static async Task<LazyFs> Mount(Func<string, ArmedCut>? arm = null)
    {
        var lazy = new LazyFs(Path.Combine(Path.GetTempPath(), "consult-powercut-" + Guid.NewGuid().ToString("N")[..12]));
        Directory.CreateDirectory(lazy.Root);
        Directory.CreateDirectory(lazy.Backing);
        Directory.CreateDirectory(lazy._state);
        await lazy.Start(arm?.Invoke(lazy.Backing));
        return lazy;
    }

    /// <summary>Drops every write not fsynced (freeze the writers first: a running process would go on writing).</summary>
    public async Task Cut()
    {
        var before = Cleared();
        await File.WriteAllTextAsync(Fifo, "lazyfs::clear-cache\n");
        // The FIFO answers nothing; LazyFS logs "cache is cleared." when it is done.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Cleared() == before)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"LazyFS did not clear its cache:\n{Log}");
            await Task.Delay(50);
        }
    }

    private int Cleared()
    {
        var log = Log;
        var count = 0;
        for (var at = log.IndexOf("cache is cleared", StringComparison.Ordinal); at >= 0; at = log.IndexOf("cache is cleared", at + 1, StringComparison.Ordinal))
            count++;
        return count;
    }

    /// <summary>Whether an armed cut fired (LazyFS killed itself at the call).</summary>
    public bool ArmedCutFired => _process is { HasExited: true } && Log.Contains("Triggered fault condition", StringComparison.Ordinal);

    /// <summary>Waits until the armed cut fires; false when it did not within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForArmedCut(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (ArmedCutFired)
                return true;
            await Task.Delay(20);
        }

        return false;
    }

    /// <summary>
    /// After the cut: LazyFS is started again on the same backing folder, with an empty cache and
    /// nothing armed, as the machine comes back with what its disk kept.
    /// </summary>
    public async Task Remount()
    {
        await Unmount();
        await Start(armed: null);
    }

    public async ValueTask DisposeAsync()
    {
        await Unmount();
        foreach (var folder in new[] { Root, Backing, _state })
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task Start(ArmedCut? armed)
    {
        _mounts++;
        var binary = await Tools.LazyFsBinary();
        var config = new StringBuilder($"""
            [faults]
            fifo_path="{Fifo}"
            [cache]
            apply_eviction=false
            [cache.simple]
            custom_size="512mb"
            blocks_per_page=1
            [filesystem]
            log_all_operations=false
            logfile=""

            """);
        if (armed is not null)
        {
            config.Append($"""
                [[injection]]
                type="clear-cache"
                from="{armed.File}"
                timing="before"
                op="{armed.Operation}"
                occurrence={armed.Occurrence}
                crash=true

                """);
        }

        var configPath = Path.Combine(_state, $"config-{_mounts}.toml");
        await File.WriteAllTextAsync(configPath, config.ToString());
        // As power-cut.sh runs it: its output straight into the log file (a pipe would buffer it).
        var command = $"exec '{binary}' '{Root}' --config-path '{configPath}' -o allow_other -o modules=subdir -o 'subdir={Backing}' -f > '{LogPath}' 2>&1";
        _process = Process.Start(new ProcessStartInfo("bash", ["-c", command]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("LazyFS did not start.");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await IsMounted())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"LazyFS did not mount on {Root}:\n{Log}");
            await Task.Delay(100);
        }
    }

    private async Task<bool> IsMounted() => await Tools.Run("mountpoint", ["-q", Root]) == 0;

    private async Task Unmount()
    {
        // -z: lazily, so that a LazyFS that killed itself (its mount is "not connected") is unmounted too.
        await Tools.Run("fusermount3", ["-u", "-z", Root]);
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }
}

/// <summary>A cut at an exact call: just before the <paramref name="Occurrence"/>-th (from 0) <paramref name="Operation"/> on <paramref name="File"/> (its backing path).</summary>
public sealed record ArmedCut(string File, string Operation, int Occurrence);
