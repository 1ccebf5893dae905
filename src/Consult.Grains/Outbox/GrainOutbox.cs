using Consult.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Consult.Outbox;

/// <summary>
/// Delivers what a grain owes other grains: the entries of its <see cref="OutboxState"/>, which the
/// grain records in the same write as the change that causes them. The grain delivers right after
/// that write (<see cref="Deliver"/>); what fails is retried soon inside the activation and, until
/// every entry is delivered, on a durable reminder (<see cref="ReminderName"/>), which outlives the
/// activation and the node. Receivers ignore repeats, so an entry delivered twice does no harm.
/// </summary>
/// <remarks>
/// A delivered entry leaves the outbox in memory at once; the stored outbox loses it with the
/// grain's next write. The hot path (a command, its write, its delivery) thus costs no write more
/// than the command's own. Only the rare paths (a retry after a failed delivery, a reminder's tick,
/// entries found on activation) write the acknowledgement themselves, once all is delivered, and
/// then unregister the reminder. An entry delivered but not yet acknowledged in storage is
/// delivered again after a restart: receivers ignore it. A delivery waits for its answer no longer
/// than <see cref="OutboxOptions.AnswerWait"/>: a receiver delivering to this grain at the same
/// moment would otherwise wait on it while it waits on the receiver.
/// </remarks>
public sealed partial class GrainOutbox(
    Grain grain,
    Func<OutboxState> state,
    Func<OutboxEntry, Task> deliver,
    Func<Task> persist,
    OutboxOptions options,
    ILogger logger)
{
    public const string ReminderName = "outbox";

    private IGrainTimer? _retry;
    private int _retries;
    // Whether a reminder may be registered (it is looked up before unregistering): set when this
    // activation registers one or receives a tick.
    private bool _reminder;
    // Entries delivered since the last write: the stored outbox still holds them.
    private bool _unacknowledged;
    // A delivery failed and the quick retries are on it.
    private bool _failing;
    // In the node's outbox backlog gauge (from the first entry or activation until deactivation),
    // with the count as of the last change: the gauge is read outside the grain's turn, where the
    // grain's state may not be touched.
    private bool _counted;
    private int _pending;

    private List<OutboxEntry> Entries => state().Entries;

    public IReadOnlyList<OutboxEntry> Pending => Entries;

    /// <summary>Records an entry (not yet written); a pending entry for the same slot is replaced.</summary>
    public void Add(OutboxEntry entry)
    {
        CountInBacklog();
        Entries.RemoveAll(e => e.Slot == entry.Slot);
        Entries.Add(entry);
        Volatile.Write(ref _pending, Entries.Count);
    }

    /// <summary>The grain's state was written: the stored outbox is the one in memory.</summary>
    public void Written() => _unacknowledged = false;

    /// <summary>
    /// Registers the durable reminder before a write whose entries must reach their receivers even
    /// if this node dies before delivering them and nothing else wakes the grain again (a room's
    /// close, a case's status). A failure fails the command before its write.
    /// </summary>
    public async Task Secure()
    {
        if (_reminder)
            return;
        await grain.RegisterOrUpdateReminder(ReminderName, options.ReminderPeriod, options.ReminderPeriod);
        _reminder = true;
    }

    /// <summary>
    /// Called after activation: entries found in storage (the previous activation died before
    /// delivering them) are delivered soon, not during activation, since a grain activated by a
    /// receiver's call must not call that receiver back while it waits.
    /// </summary>
    public void Resume()
    {
        CountInBacklog();
        Volatile.Write(ref _pending, Entries.Count);
        if (Entries.Count > 0)
        {
            _unacknowledged = true;
            ArmRetry();
        }
    }

    /// <summary>
    /// Delivers every pending entry, right after the write that recorded them; never throws. What
    /// fails stays pending: it is retried soon, and on the durable reminder. Entries to
    /// <paramref name="later"/> wait for the quick retry: a receiver that is waiting for this very
    /// call cannot take a call from this grain until it ends.
    /// </summary>
    public async Task Deliver(string? later = null)
    {
        if (Entries.Count == 0)
            return;
        if (!options.DeliverAfterWrite)
        {
            // Stands for a node that died right after its write: only the reminder delivers.
            return;
        }

        if (_failing && _retry is not null)
        {
            // A receiver is failing: its retry, due within the retry delay, takes these entries
            // too, so a command does not wait on a receiver that is timing out.
            return;
        }

        if (!await DeliverPending(later))
            await RetryLater();
    }

    /// <summary>A tick of the durable reminder: deliver, and once nothing is owed, acknowledge and unregister.</summary>
    public async Task OnReminder(string reminderName)
    {
        if (reminderName != ReminderName)
            return;
        _reminder = true;
        await Drain();
    }

    /// <summary>Delivers; true when nothing is left.</summary>
    private async Task<bool> DeliverPending(string? later = null)
    {
        var pending = Entries.Where(e => e.Target != later).ToList();
        if (pending.Count == 0)
            return Entries.Count == 0;
        var delivered = new List<OutboxEntry>(pending.Count);
        var failed = false;
        // Each receiver gets its entries in order, and a failed one holds back the later ones to
        // the same receiver (a room's closing must not reach the metrics before its opening does);
        // receivers are served side by side.
        await Task.WhenAll(pending.GroupBy(e => e.Target).Select(async group =>
        {
            foreach (var entry in group)
            {
                try
                {
                    // Bounded, so two grains delivering to each other at once do not deadlock
                    // (OutboxOptions.AnswerWait); the unanswered call still runs at its receiver.
                    await deliver(entry).WaitAsync(options.AnswerWait);
                    delivered.Add(entry);
                }
                catch (Exception e)
                {
                    LogDeliveryFailed(logger, e, grain.GetGrainId(), entry.Slot);
                    failed = true;
                    return;
                }
            }
        }));

        // By reference: an entry replaced meanwhile by a newer one for its slot stays owed.
        foreach (var entry in delivered)
        {
            var index = Entries.FindIndex(e => ReferenceEquals(e, entry));
            if (index >= 0)
                Entries.RemoveAt(index);
        }

        Volatile.Write(ref _pending, Entries.Count);

        if (delivered.Count > 0)
            _unacknowledged = true;
        _failing = failed;
        return Entries.Count == 0;
    }

    /// <summary>Retries soon in this activation, and makes sure the reminder retries if the activation goes.</summary>
    private async Task RetryLater()
    {
        ArmRetry();
        try
        {
            await Secure();
        }
        catch (Exception e)
        {
            // The store is away too: the quick retries register it again.
            LogReminderFailed(logger, e, grain.GetGrainId());
        }
    }

    private void ArmRetry()
    {
        if (_retry is not null)
            return;
        _retries = 0;
        _retry = grain.RegisterGrainTimer(
            _ => Retry(),
            new GrainTimerCreationOptions(options.RetryDelay, options.RetryDelay) { KeepAlive = false });
    }

    private async Task Retry()
    {
        if (++_retries > options.QuickRetries)
        {
            // Enough quick tries: the reminder carries on.
            StopRetrying();
            return;
        }

        await Drain();
    }

    /// <summary>Delivers; once all is delivered, writes the acknowledgement and drops the reminder.</summary>
    private async Task Drain()
    {
        if (!await DeliverPending())
        {
            await RetryLater();
            return;
        }

        StopRetrying();
        try
        {
            if (_unacknowledged)
            {
                await persist();
                _unacknowledged = false;
            }
            if (_reminder)
            {
                if (await grain.GetReminder(ReminderName) is { } reminder)
                    await grain.UnregisterReminder(reminder);
                _reminder = false;
            }
        }
        catch (Exception e)
        {
            // Delivered all the same; the reminder's next tick (or the next write) acknowledges.
            LogSettleFailed(logger, e, grain.GetGrainId());
        }
    }

    private void CountInBacklog()
    {
        if (_counted)
            return;
        _counted = true;
        var context = grain.GrainContext;
        context.ActivationServices.GetService<ConsultMetrics>()?.TrackOutbox(this, () => Volatile.Read(ref _pending), context.Deactivated);
    }

    private void StopRetrying()
    {
        _retry?.Dispose();
        _retry = null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{GrainId} could not deliver {Slot} from its outbox; it is retried")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, GrainId grainId, string slot);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{GrainId} could not register its outbox reminder; its quick retries try again")]
    private static partial void LogReminderFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{GrainId} delivered its outbox but could not acknowledge it; the reminder tries again")]
    private static partial void LogSettleFailed(ILogger logger, Exception exception, GrainId grainId);
}
