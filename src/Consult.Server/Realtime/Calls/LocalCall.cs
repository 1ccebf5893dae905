using System.Threading.RateLimiting;
using Consult.Calls;

namespace Consult.Server.Realtime.Calls;

/// <summary>A board's place in a room's call, held by its circuit.</summary>
public sealed class LocalCall(CallRelay calls, Guid roomId, CallJoinAnswer joined, IAsyncDisposable membership, TokenBucketRateLimiter limiter) : IAsyncDisposable
{
    private int _left;

    public CallJoinAnswer Joined { get; } = joined;

    public string ConnectionId => Joined.ConnectionId;

    public Task Send(string toConnectionId, CallSignal signal) => calls.SendSignal(ConnectionId, roomId, toConnectionId, signal, limiter);

    /// <summary>Tells the others whether this member's microphone and camera are on.</summary>
    public Task Report(CallMedia media) => calls.SetMedia(ConnectionId, roomId, media, limiter);

    /// <summary>Leaves the call (logged as left), then the room's membership it held.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _left, 1) != 0)
            return;
        try
        {
            await calls.LeaveCall(ConnectionId, roomId);
        }
        finally
        {
            await membership.DisposeAsync();
            limiter.Dispose();
        }
    }
}
