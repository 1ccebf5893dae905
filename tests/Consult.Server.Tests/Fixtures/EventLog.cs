using Consult.Rooms;

namespace Consult.Server.Tests.Fixtures;

/// <summary>What one client received, with a way to wait for a given seq.</summary>
public sealed class EventLog
{
    private readonly List<RoomEvent> _events = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<RoomEvent> Events
    {
        get
        {
            lock (_lock)
                return [.. _events];
        }
    }

    public Task Add(RoomEvent roomEvent)
    {
        lock (_lock)
            _events.Add(roomEvent);
        return Task.CompletedTask;
    }

    public async Task WaitFor(long seq, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!Events.Any(e => e.Seq >= seq))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Waited for seq {seq}; received {string.Join(",", Events.Select(e => e.Seq))}.");
            await Task.Delay(20);
        }
    }
}
