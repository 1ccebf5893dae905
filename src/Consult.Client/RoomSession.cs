using System.Collections.Immutable;
using Consult.Realtime;
using Consult.Rooms;
using Microsoft.AspNetCore.SignalR.Client;

namespace Consult.Client;

/// <summary>
/// A joined room that hands its events to <c>onEvent</c> exactly once each, in <c>seq</c> order:
/// events already in the snapshot are skipped, a gap is filled with <c>Resync</c>, and after a
/// reconnect (automatic, or <see cref="Resume"/> after a manual restart) the room is joined again
/// and what was missed is fetched.
/// </summary>
public sealed class RoomSession : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Func<RoomEvent, Task> _onEvent;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly IDisposable _subscription;

    private RoomSession(HubConnection connection, Guid roomId, Func<RoomEvent, Task> onEvent)
    {
        _connection = connection;
        _onEvent = onEvent;
        RoomId = roomId;
        _subscription = connection.On<RoomEvent>(HubContract.RoomEvent, e => e.RoomId == roomId ? Receive(e) : Task.CompletedTask);
        connection.Reconnected += _ => Resume();
    }

    public Guid RoomId { get; }

    /// <summary>The room as of <see cref="LastSeq"/>' join; events since then went to the handler.</summary>
    public RoomSnapshot Snapshot { get; private set; } = null!;

    /// <summary>The last event handed to the handler (or included in the snapshot).</summary>
    public long LastSeq { get; private set; }

    /// <param name="resumeAfter">
    /// The last event this client already handled, when it comes back on another connection (its
    /// node died, or the load balancer sent it elsewhere): what follows is fetched and handed over
    /// first, so the handler still sees every event once, in order. Null for a fresh join.
    /// </param>
    public static async Task<RoomSession> Join(HubConnection connection, Guid roomId, Func<RoomEvent, Task> onEvent, long? resumeAfter = null)
    {
        var session = new RoomSession(connection, roomId, onEvent);
        await session._gate.WaitAsync();
        try
        {
            session.Snapshot = await connection.InvokeAsync<RoomSnapshot>(HubContract.JoinRoom, roomId);
            session.LastSeq = resumeAfter ?? session.Snapshot.Seq;
            if (resumeAfter is not null)
                await session.CatchUp();
        }
        finally
        {
            session._gate.Release();
        }

        return session;
    }

    /// <summary>Joins again on the (new) connection and fetches every event missed meanwhile.</summary>
    public async Task Resume()
    {
        await _gate.WaitAsync();
        try
        {
            Snapshot = await _connection.InvokeAsync<RoomSnapshot>(HubContract.JoinRoom, RoomId);
            await CatchUp();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _subscription.Dispose();
        if (_connection.State == HubConnectionState.Connected)
            await _connection.InvokeAsync(HubContract.LeaveRoom, RoomId);
        _gate.Dispose();
    }

    private async Task Receive(RoomEvent roomEvent)
    {
        await _gate.WaitAsync();
        try
        {
            if (roomEvent.Seq <= LastSeq)
                return;
            if (roomEvent.Seq == LastSeq + 1)
            {
                await Hand(roomEvent);
                return;
            }

            await CatchUp();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task CatchUp()
    {
        var missed = await _connection.InvokeAsync<ImmutableArray<RoomEvent>>(HubContract.Resync, RoomId, LastSeq);
        foreach (var roomEvent in missed)
            if (roomEvent.Seq == LastSeq + 1)
                await Hand(roomEvent);
    }

    private async Task Hand(RoomEvent roomEvent)
    {
        LastSeq = roomEvent.Seq;
        await _onEvent(roomEvent);
    }
}
