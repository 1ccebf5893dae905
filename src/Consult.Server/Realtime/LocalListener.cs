using System.Threading.Channels;

namespace Consult.Server.Realtime;

/// <summary>
/// An in-process listener (a Blazor circuit) fed through its own bounded queue: the relay hands it
/// an event without waiting, and one slow viewer delays nobody else. A listener that falls more
/// than <see cref="Capacity"/> events behind loses the newest ones; it sees the gap in
/// <c>seq</c> and reads what it missed from the source, as every client does after a gap.
/// </summary>
public sealed partial class LocalListener<T> : IAsyncDisposable
{
    public const int Capacity = 256;
    private readonly Channel<T> _queue = Channel.CreateBounded<T>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        SingleWriter = false,
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    private readonly Task _reading;

    public LocalListener(Func<T, Task> listener, ILogger logger) => _reading = Read(listener, logger);

    /// <summary>Queues <paramref name="item"/> for the listener; never waits.</summary>
    public void Post(T item) => _queue.Writer.TryWrite(item);

    private async Task Read(Func<T, Task> listener, ILogger logger)
    {
        await foreach (var item in _queue.Reader.ReadAllAsync())
        {
            try
            {
                await listener(item);
            }
            catch (Exception e)
            {
                LogListenerFailed(logger, e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _reading;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An in-process listener failed on an item; it keeps listening")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception);
}
