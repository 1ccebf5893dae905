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
    private readonly IDisposable _subscription;
    private readonly Func<string?, Task> _onReconnected;
    private SeqGate _gate = null!;
    private bool _disposed;

    private RoomSession(HubConnection connection, Guid roomId)
    {
        _connection = connection;
        RoomId = roomId;
        _subscription = connection.On<RoomEvent>(HubContract.RoomEvent, e => e.RoomId == roomId && _gate is { } gate ? gate.Accept(e) : Task.CompletedTask);
        _onReconnected = _ => _disposed ? Task.CompletedTask : Resume();
        connection.Reconnected += _onReconnected;
    }

    public Guid RoomId { get; }

    /// <summary>The room as of the last join; later events went to the handler.</summary>
    public RoomSnapshot Snapshot { get; private set; } = null!;

    /// <summary>The last event handed to the handler (or included in the snapshot).</summary>
    public long LastSeq => _gate.LastSeq;

    /// <param name="resumeAfter">
    /// The last event this client already handled, when it comes back on another connection (its
    /// node died, or the load balancer sent it elsewhere): what follows is fetched and handed over
    /// first, so the handler still sees every event once, in order. Null for a fresh join.
    /// </param>
    public static async Task<RoomSession> Join(HubConnection connection, Guid roomId, Func<RoomEvent, Task> onEvent, long? resumeAfter = null)
    {
        var session = new RoomSession(connection, roomId);
        var snapshot = await connection.InvokeAsync<RoomSnapshot>(HubContract.JoinRoom, roomId);
        session.Snapshot = snapshot;
        session._gate = new SeqGate(resumeAfter ?? snapshot.Seq, session.FetchAfter, onEvent);
        // Events pushed between the join's snapshot and the gate's creation are fetched here.
        await session._gate.CatchUp();
        return session;
    }

    /// <summary>Joins again on the (new) connection and fetches every event missed meanwhile; nothing once disposed.</summary>
    public Task Resume() => _disposed ? Task.CompletedTask : _gate.CatchUp(async () =>
        Snapshot = await _connection.InvokeAsync<RoomSnapshot>(HubContract.JoinRoom, RoomId));

    /// <summary>Whether this session still listens to its connection (false once disposed).</summary>
    public bool IsListening => !_disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        // Everything the constructor subscribed to is unsubscribed: a disposed session never rejoins.
        _connection.Reconnected -= _onReconnected;
        _subscription.Dispose();
        if (_connection.State == HubConnectionState.Connected)
            await _connection.InvokeAsync(HubContract.LeaveRoom, RoomId);
        _gate.Dispose();
    }

    private async Task<IReadOnlyList<RoomEvent>> FetchAfter(long seq) =>
        await _connection.InvokeAsync<ImmutableArray<RoomEvent>>(HubContract.Resync, RoomId, seq);
}
