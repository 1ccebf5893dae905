using System.Diagnostics;
using System.Text.Json;
using Consult.Realtime;
using Consult.Rooms;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Consult.Load.Measurement;

/// <summary>S7's traffic: four open loops (decisions, chat, leave-and-rejoin, room turnover) and the sampler, side by side.</summary>
public sealed partial class SoakRun
{
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(10);
    private int _callsOut;
    private int _backgroundOut;
    private readonly string _run = Guid.NewGuid().ToString("N")[..12];
    private int _decisions;
    private int _chats;
    private int _chatsFailed;
    private int _leaves;
    private int _rejoins;
    private int _closed;
    private int _opened;
    private int _turnoverFailures;
    private int _turnoversSkipped;
    private int _callsRetried;

    private sealed record Traffic(
        IReadOnlyList<SoakSample> Samples, int Decisions, int Chats, int ChatsFailed, int Leaves, int Rejoins,
        int Closed, int Opened, int TurnoverFailures, int TurnoversSkipped);

    private async Task<Traffic> RunTraffic(CancellationToken cancellation)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var start = Stopwatch.GetTimestamp();
        var sampler = Sample(start, cancellation);
        stop.CancelAfter(settings.Duration);
        await Task.WhenAll(
            Loop(start, settings.DecisionsPerSecond, Decide, stop.Token),
            Loop(start, soak.ChatPerSecond, Chat, stop.Token),
            Loop(start, soak.ChurnPerSecond, Churn, stop.Token),
            Loop(start, settings.Rooms / soak.RoomLife.TotalSeconds, Turn, stop.Token));

        // The calls still out, the members still away and the rooms still turning over finish (bounded).
        await Until(() => Volatile.Read(ref _callsOut) == 0, cancellation);
        await Until(() => Volatile.Read(ref _backgroundOut) == 0, cancellation);
        await Until(() => _ledger.Tally(_decisions) is var (done, failed, _) && done + failed == _decisions, cancellation);
        var samples = await sampler;
        return new Traffic(samples, _decisions, _chats, _chatsFailed, _leaves, _rejoins, _closed, _opened, _turnoverFailures, _turnoversSkipped);
    }

    /// <summary>Open loop: action <c>i</c> is due at <c>start + i / perSecond</c>, started then whether or not earlier ones finished.</summary>
    private static async Task Loop(long start, double perSecond, Action<int, long> action, CancellationToken stop)
    {
        if (perSecond <= 0)
            return;
        var period = Stopwatch.Frequency / perSecond;
        var next = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var now = Stopwatch.GetTimestamp();
                for (; start + (long)(next * period) <= now; next++)
                    action(next, start + (long)(next * period));
                await Task.Delay(1, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>A room taking traffic, spread by <paramref name="stride"/> so that the loops do not all hit the same one; null if none.</summary>
    private SoakRoom? Pick(int i, int stride)
    {
        var pool = Pool();
        if (pool.Count == 0)
            return null;
        var room = pool[(int)((long)i * stride % pool.Count)];
        return room.Closing ? null : room;
    }

    private void Decide(int i, long due)
    {
        if (i >= _ledger.Count || Pick(i, 1) is not { } room)
            return;
        Interlocked.Increment(ref _decisions);
        var (rep, department) = room.NextRepresentative();
        _ledger.Scheduled(i, due);
        var input = new DecisionInput(rep.Plan.Department!, DecisionOutcome.Approve, $"soak-{_run}-{i}", _ledger.Comment(i));
        Fire(() => room.Track(async () =>
        {
            try
            {
                await Resilient(rep.Connection, () => rep.Connection.InvokeAsync<AnswerSeq>(HubContract.CastDecision, room.RoomId, input));
                room.Decided(department);
            }
            catch (Exception e)
            {
                _ledger.Failed(i);
                Error("decision", e);
            }
        }));
    }

    private void Chat(int i, long due)
    {
        if (Pick(i, 7) is not { } room)
            return;
        Interlocked.Increment(ref _chats);
        var sender = room.Members[i % SoakSettings.StableMembers];
        var message = new ChatMessage($"Soak message {i}: the applicant's site plan is attached to the case.", $"soak-{_run}-chat-{i}");
        Fire(() => room.Track(async () =>
        {
            try
            {
                await Resilient(sender.Connection, () => sender.Connection.InvokeAsync(HubContract.PostMessage, room.RoomId, message));
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref _chatsFailed);
                Error("chat", e);
            }
        }));
    }

    /// <summary>A follower leaves its room (<c>LeaveRoom</c>), stays away, then joins again and catches up (<c>Resync</c>).</summary>
    private void Churn(int i, long due)
    {
        if (Pick(i, 13) is not { } room || room.NextChurner() is not { } member)
            return;
        member.Away = true;
        Fire(async () =>
        {
            try
            {
                await member.Leave(CancellationToken.None);
                Interlocked.Increment(ref _leaves);
                await Task.Delay(soak.Away);
                await member.Join(CancellationToken.None);
                Interlocked.Increment(ref _rejoins);
            }
            catch (Exception e) when (e is HubException or InvalidOperationException or IOException or TaskCanceledException)
            {
                Error("leave or rejoin", e);
            }
            finally
            {
                member.Away = false;
            }
        }, background: true);
    }

    /// <summary>The oldest room whose joint outcome is no longer pending is closed and replaced.</summary>
    private void Turn(int i, long due)
    {
        var oldest = Pool().Where(r => !r.Closing && r.MayClose).MinBy(r => r.Number);
        if (oldest is null)
        {
            Interlocked.Increment(ref _turnoversSkipped);
            return;
        }

        Retire(oldest);
        Fire(async () =>
        {
            try
            {
                await Replace(oldest, CancellationToken.None);
            }
            catch (Exception e) when (e is HubException or InvalidOperationException or IOException or HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref _turnoverFailures);
                Error($"close and replace room {oldest.Number}", e);
                foreach (var m in oldest.Members)
                    await m.Connection.DisposeAsync();
            }
        }, background: true);
    }

    /// <summary>
    /// A call that the connection's loss interrupted is sent again, with the same idempotency key, once SignalR has
    /// reconnected (as a client that must not lose a decision does): the server records it once either way. A refusal
    /// (<see cref="HubException"/>) is final.
    /// </summary>
    private async Task Resilient(HubConnection connection, Func<Task> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await call();
                return;
            }
            catch (Exception e) when (e is not HubException && attempt < 3)
            {
                Interlocked.Increment(ref _callsRetried);
                await Until(() => connection.State == HubConnectionState.Connected, CancellationToken.None);
            }
        }
    }

    /// <summary>Starts a call without waiting for it, counted until it ends (the drain waits for the count to reach zero).</summary>
    private void Fire(Func<Task> call, bool background = false)
    {
        Interlocked.Increment(ref background ? ref _backgroundOut : ref _callsOut);
        _ = Run();

        async Task Run()
        {
            try
            {
                await call();
            }
            finally
            {
                Interlocked.Decrement(ref background ? ref _backgroundOut : ref _callsOut);
            }
        }
    }
}
