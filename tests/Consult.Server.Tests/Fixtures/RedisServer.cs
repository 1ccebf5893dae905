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
    private readonly string? _folder;
    private readonly StringBuilder _output = new();

    private RedisServer(Process process, string? folder, int port)
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

    /// <summary>A redis-server of the test's own, in a temporary folder deleted at the end.</summary>
    public static Task<RedisServer> Start() => Start(folder: null, configFile: null, appendFsync: "always");

    /// <summary>
    /// A redis-server on <paramref name="folder"/> (kept at the end; null: a temporary folder, deleted),
    /// with <paramref name="configFile"/> (e.g. the deployment's <c>redis.conf</c>) under the test's
    /// port, address and folder, and <c>appendfsync</c> set to <paramref name="appendFsync"/>.
    /// </summary>
    public static async Task<RedisServer> Start(string? folder, string? configFile, string appendFsync)
    {
        var owned = folder is null;
        folder ??= TempFolder.New("consult-redis");
        Directory.CreateDirectory(folder);
        var port = FreePorts.Next();
        var arguments = new List<string>();
        if (configFile is not null)
            arguments.Add(configFile);
        arguments.AddRange(["--port", port.ToString(), "--bind", "127.0.0.1", "--dir", folder, "--appendonly", "yes", "--appendfsync", appendFsync, "--save", ""]);
        var start = new ProcessStartInfo("redis-server", arguments)
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

        var server = new RedisServer(process, owned ? folder : null, port);
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

    /// <summary>SIGKILL (also of a paused server): what Redis had not written is gone.</summary>
    public async Task Kill()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await Signal("CONT");
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (_folder is not null)
            TempFolder.Delete(_folder);
    }

    private Task Signal(string signal) => ProcessSignals.Send(_process.Id, signal);

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
