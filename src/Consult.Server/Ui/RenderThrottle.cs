namespace Consult.Server.Ui;

/// <summary>
/// Renders a page at most once per <c>gap</c> for what arrives in bursts (a room's events): the
/// first request renders at once; requests within the gap after a render become one render at the
/// gap's end, with everything that arrived by then. At a room's usual pace (a decision every few
/// minutes) every event renders at once; under a burst (the load benchmark's 20 decisions a second)
/// each open board renders five times a second (the board's gap, 200 ms) instead of twenty, for the same final picture.
/// Display only: a lost pending render (the page closed) loses nothing.
/// </summary>
/// <remarks>Every member is called on the component's dispatcher (<paramref name="dispatch"/>), so no locking.</remarks>
public sealed class RenderThrottle(TimeProvider time, TimeSpan gap, Func<Action, Task> dispatch, Action render) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private long _lastRender;
    private bool _pending;

    /// <summary>Notes that the page rendered (from its <c>ShouldRender</c>, whatever asked for it).</summary>
    public void Rendered() => _lastRender = time.GetTimestamp();

    /// <summary>A render for what just arrived: now, or at the end of the gap since the last one.</summary>
    public void Request()
    {
        if (_pending)
            return;
        var since = _lastRender == 0 ? gap : time.GetElapsedTime(_lastRender);
        if (since >= gap)
        {
            render();
            return;
        }

        _pending = true;
        _ = Later(gap - since);
    }

    private async Task Later(TimeSpan wait)
    {
        try
        {
            await Task.Delay(wait, time, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await dispatch(() =>
        {
            _pending = false;
            if (!_stop.IsCancellationRequested)
                render();
        });
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
