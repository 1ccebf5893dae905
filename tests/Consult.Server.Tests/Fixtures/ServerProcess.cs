using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Consult.Common;

namespace Consult.Server.Tests.Fixtures;

/// <summary>
/// The real server as a child process (<c>dotnet Consult.Server.dll</c>) on a loopback port, so a
/// test can kill it like an operating system would.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <param name="settings">Further configuration, as <c>Section:Key</c> → value (passed as environment variables).</param>
    public static async Task<ServerProcess> Start(string dataFolder, string password, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePorts.Next();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Consult.Server.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["Consult__DataPath"] = dataFolder;
        start.Environment["Consult__Demo__Enabled"] = "true";
        start.Environment["Consult__Demo__Password"] = password;
        start.Environment["Consult__SignInPerMinute"] = "100000";
        start.Environment["Consult__RateLimits__WritesPerSecond"] = "100000";
        start.Environment["Consult__RateLimits__WriteBurst"] = "100000";
        start.Environment["Consult__RateLimits__AnonymousPerMinute"] = "100000";
        start.Environment["Consult__Silo__Port"] = FreePorts.Next().ToString();
        start.Environment["Consult__Silo__GatewayPort"] = FreePorts.Next().ToString();
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
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
            // Nobody else holds it yet: a server that never became ready must not outlive the test.
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public HttpClient Client() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<HttpClient> SignIn(string userName, string password)
    {
        var client = Client();
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonNode>(ConsultJson.Options))!["accessToken"]!.ToString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>SIGSTOP: the server stops where it is, as a machine does when its power goes; nothing more reaches the disk.</summary>
    public Task Freeze() => ProcessSignals.Send(_process.Id, "STOP");

    /// <summary>SIGKILL: no shutdown hooks, no flushing; what is not on disk is gone.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private async Task WaitUntilReady(TimeSpan timeout)
    {
        using var client = Client();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Output}");
            try
            {
                // Demo accounts exist once start-up (silo, seeding) is complete.
                var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { userName = "window", password = "-" });
                if ((int)response.StatusCode == 401)
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
