using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Consult.Server.Tests.Fixtures;

/// <summary>
/// A real redis-server of the test's own, on a free loopback port with a temporary folder, run as
/// the deployment runs it (append-only file, fsync always, no snapshots), and killed at the end.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly StringBuilder _output = new();

    private RedisServer(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The value for <c>ConnectionStrings:Redis</c>; <paramref name="options"/> are appended (e.g. <c>asyncTimeout=1000</c>).</summary>
    public string ConnectionString(string? options = null) =>
        $"127.0.0.1:{Port}" + (string.IsNullOrEmpty(options) ? "" : "," + options);

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static async Task<RedisServer> Start()
    {
        var folder = TempFolder.New("consult-redis");
        Directory.CreateDirectory(folder);
        var port = FreePorts.Next();
        var start = new ProcessStartInfo("redis-server",
            ["--port", port.ToString(), "--bind", "127.0.0.1", "--dir", folder, "--appendonly", "yes", "--appendfsync", "always", "--save", ""])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("redis-server is not installed (apt-get install redis-server); the cluster tests need it.", e);
        }

        var server = new RedisServer(process, folder, port);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilAnswering(TimeSpan.FromSeconds(10));
        return server;
    }

    /// <summary>SIGSTOP: the process keeps its sockets but answers nothing, like a stalled or unreachable Redis.</summary>
    public Task Pause() => Signal("STOP");

    /// <summary>SIGCONT: Redis carries on with what was queued meanwhile.</summary>
    public Task Resume() => Signal("CONT");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await Signal("CONT");
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        TempFolder.Delete(_folder);
    }

    private async Task Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", _process.Id.ToString()]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start.");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
            throw new InvalidOperationException($"kill -{signal} {_process.Id} failed with {kill.ExitCode}.");
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private async Task WaitUntilAnswering(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"redis-server exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray());
                var buffer = new byte[16];
                var read = await stream.ReadAsync(buffer);
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                    return;
            }
            catch (SocketException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"redis-server did not answer within {timeout}:\n{Output}");
    }
}
