using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Consult.Server.Tests.Fixtures;

/// <summary>
/// A real Kestrel server on a loopback port that notes every request it gets (path, query,
/// headers, body) and answers as the test says: by default 200 with <c>{"errcode":0}</c>, or a
/// failure for the first N requests to a path, or while a path is down; or holds a path's answers
/// back until the test lets them go.
/// </summary>
public sealed class HttpSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _failFirst = new();
    private readonly ConcurrentDictionary<string, bool> _down = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _held = new();

    private HttpSink(WebApplication app, int port)
    {
        _app = app;
        Address = new Uri($"http://127.0.0.1:{port}");
    }

    public sealed record Received(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body, int Status, DateTimeOffset At);

    public Uri Address { get; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    public static async Task<HttpSink> Start(int? port = null)
    {
        var chosen = port ?? FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{chosen}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sink = new HttpSink(app, chosen);
        app.Run(sink.Handle);
        await app.StartAsync();
        return sink;
    }

    /// <summary>The first <paramref name="count"/> requests to <paramref name="path"/> fail with 500.</summary>
    public void FailFirst(string path, int count) => _failFirst[path] = count;

    /// <summary>While down, <paramref name="path"/> answers 503.</summary>
    public void SetDown(string path, bool down) => _down[path] = down;

    /// <summary>
    /// Requests to <paramref name="path"/> are noted when they arrive but answered only once the
    /// returned handle is disposed (a receiver that hangs).
    /// </summary>
    public IDisposable Hold(string path)
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _held[path] = held;
        return new Release(() =>
        {
            _held.TryRemove(path, out _);
            held.TrySetResult();
        });
    }

    public IReadOnlyList<Received> To(string path) => [.. Requests.Where(r => r.Path == path)];

    /// <summary>Waits until <paramref name="done"/> holds for the requests so far.</summary>
    public async Task<IReadOnlyList<Received>> WaitFor(string path, Func<IReadOnlyList<Received>, bool> done, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var seen = To(path);
            if (done(seen))
                return seen;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"{path} got {seen.Count} requests: {string.Join(" | ", seen.Select(r => $"{r.Status} {r.Body}"))}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task Handle(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        var path = http.Request.Path.Value ?? "";
        var status = (int)HttpStatusCode.OK;
        if (_down.TryGetValue(path, out var down) && down)
            status = (int)HttpStatusCode.ServiceUnavailable;
        else if (_failFirst.TryGetValue(path, out var left) && left > 0 && _failFirst.TryUpdate(path, left - 1, left))
            status = (int)HttpStatusCode.InternalServerError;
        Requests.Enqueue(new Received(http.Request.Method, path, http.Request.QueryString.Value ?? "",
            http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body, status, DateTimeOffset.UtcNow));
        if (_held.TryGetValue(path, out var held))
            await held.Task;
        http.Response.StatusCode = status;
        if (status == (int)HttpStatusCode.OK)
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync("""{"errcode":0,"errmsg":"ok"}""");
        }
    }

    private sealed class Release(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}
