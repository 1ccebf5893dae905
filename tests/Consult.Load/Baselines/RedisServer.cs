using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Consult.Load.Baselines;

/// <summary>
/// B3's Redis: <c>/usr/bin/redis-server</c> started by the tool on a free loopback port with a fresh
/// temporary folder (append-only file, <c>appendfsync everysec</c>: Redis' usual durable setting; B3a's
/// <c>appendfsync always</c>: every write on disk before Redis answers it), stopped and deleted afterwards.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/redis-server";
    private readonly Process _process;
    private readonly string _folder;

    private RedisServer(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Endpoint = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>host:port, for a StackExchange.Redis configuration string.</summary>
    public string Endpoint { get; }

    public static async Task<RedisServer> Start(CancellationToken cancellation, bool fsyncEveryWrite = false)
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"B3 and S6 --mode cluster need {Executable} (apt-get install redis-server).");
        var folder = Path.Combine(Path.GetTempPath(), $"consult-load-redis-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var port = ServerProcess.FreePort();
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--dir", folder,
            "--save", "", "--appendonly", "yes", "--appendfsync", fsyncEveryWrite ? "always" : "everysec", "--protected-mode", "yes", "--daemonize", "no",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, folder, port);
        try
        {
            for (var attempt = 0; attempt < 100; attempt++)
            {
                if (process.HasExited)
                    throw new InvalidOperationException($"redis-server exited with {process.ExitCode}.");
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, port, cancellation);
                    return server;
                }
                catch (SocketException)
                {
                    await Task.Delay(100, cancellation);
                }
            }

            throw new TimeoutException("redis-server did not listen within 10 s.");
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Redis' <c>used_memory</c>: what the data takes in its memory.</summary>
    public async Task<long> UsedMemory()
    {
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"{Endpoint},allowAdmin=true");
        var info = await connection.GetServer(Endpoint).InfoAsync("memory");
        return long.Parse(info.SelectMany(g => g).First(p => p.Key == "used_memory").Value, CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }
}
