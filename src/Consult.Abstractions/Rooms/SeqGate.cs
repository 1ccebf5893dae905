namespace Consult.Rooms;

/// <summary>
/// Hands a room's events on exactly once each, in <c>seq</c> order: an event already seen is
/// dropped, the next one passes, and a gap is filled by fetching what came after the last one.
/// Shared by the SignalR client helper and the server's in-process subscribers.
/// </summary>
public sealed class SeqGate(long lastSeq, Func<long, Task<IReadOnlyList<RoomEvent>>> fetchAfter, Func<RoomEvent, Task> deliver) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The last event handed on.</summary>
    public long LastSeq { get; private set; } = lastSeq;

    public async Task Accept(RoomEvent roomEvent)
    {
        await _gate.WaitAsync();
        try
        {
            if (roomEvent.Seq <= LastSeq)
                return;
            if (roomEvent.Seq == LastSeq + 1)
                await Hand(roomEvent);
            else
                await FetchMissing();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Fetches and hands on everything after <see cref="LastSeq"/> (after a reconnect).</summary>
    public async Task CatchUp(Func<Task>? first = null)
    {
        await _gate.WaitAsync();
        try
        {
            if (first is not null)
                await first();
            await FetchMissing();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task FetchMissing()
    {
        foreach (var roomEvent in await fetchAfter(LastSeq))
            if (roomEvent.Seq == LastSeq + 1)
                await Hand(roomEvent);
    }

    private async Task Hand(RoomEvent roomEvent)
    {
        LastSeq = roomEvent.Seq;
        await deliver(roomEvent);
    }
}
