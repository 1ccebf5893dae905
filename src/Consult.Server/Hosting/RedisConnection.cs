using StackExchange.Redis;

namespace Consult.Server.Hosting;

/// <summary>
/// This node's one connection to Redis in Cluster mode, shared by membership, grain state, the
/// cache and the data-protection keys: one set of sockets to watch, and one place that says which
/// Redis a failure is about.
/// </summary>
public sealed class RedisConnection(ConfigurationOptions options) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private Task<IConnectionMultiplexer>? _connecting;

    public ConfigurationOptions Options { get; } = options;

    /// <summary>The connection; a first attempt that failed is tried again on the next call.</summary>
    public Task<IConnectionMultiplexer> Connect()
    {
        lock (_lock)
        {
            if (_connecting is null || _connecting.IsFaulted || _connecting.IsCanceled)
                _connecting = ConnectOnce();
            return _connecting;
        }
    }

    /// <summary>For the synchronous callers (the data-protection key store).</summary>
    public IDatabase Database() => Connect().GetAwaiter().GetResult().GetDatabase();

    /// <summary>Reads a connection string; null, with the reason, when it cannot be used.</summary>
    public static ConfigurationOptions? TryParse(string value, out string? error)
    {
        try
        {
            var parsed = ConfigurationOptions.Parse(value);
            error = parsed.EndPoints.Count == 0 ? "it names no host:port." : null;
            return error is null ? parsed : null;
        }
        catch (ArgumentException e)
        {
            error = e.Message;
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task<IConnectionMultiplexer>? connecting;
        lock (_lock)
            connecting = _connecting;
        if (connecting is { IsCompletedSuccessfully: true })
            await connecting.Result.DisposeAsync();
    }

    private async Task<IConnectionMultiplexer> ConnectOnce()
    {
        try
        {
            return await ConnectionMultiplexer.ConnectAsync(Options);
        }
        catch (RedisConnectionException e)
        {
            throw new InvalidOperationException(
                $"Redis at {string.Join(", ", Options.EndPoints)} ({ConsultOptions.RedisConnectionKey}) cannot be reached: {e.Message}", e);
        }
    }
}
