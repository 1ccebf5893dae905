using System.Collections.Immutable;
using Consult.Catalog;
using Consult.Hosting;
using Consult.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Consult.Notifications;

/// <summary>
/// A case's notifications. An event handed over by a room's or the case's outbox is fanned out into
/// deliveries (<see cref="NotificationFanOut"/>) and written, with the durable reminder registered
/// before the write; each attempt runs in a <see cref="INotificationSenderGrain"/> (this grain
/// never waits on a channel, so neither does the outbox that hands it events) and reports back.
/// A failed attempt is retried after a doubling delay; the retries run on a grain timer while the
/// activation lives and on the reminder when it does not (a node's death, a restart), until every
/// delivery is delivered or has used its attempts.
/// </summary>
public sealed partial class CaseNotificationsGrain(
    [PersistentState(StateNames.CaseNotifications, StorageNames.Consult)] IPersistentState<CaseNotificationsState> store,
    TimeProvider time,
    ConsultCalendar calendar,
    IOptions<NotificationOptions> notificationOptions,
    IOptions<OutboxOptions> outboxOptions,
    ILogger<CaseNotificationsGrain> logger) : Grain, ICaseNotificationsGrain, IRemindable
{
    public const string ReminderName = "notifications";
    public const int MaxErrorLength = 500;

    // Attempts on their way, until when they are awaited before being tried again (memory only: a
    // new activation tries every pending delivery again, which is what at least once asks).
    private readonly Dictionary<string, DateTimeOffset> _inFlight = new(StringComparer.Ordinal);
    private IGrainTimer? _timer;
    private bool _reminder;

    private CaseNotificationsState State => store.State;
    private NotificationOptions Options => notificationOptions.Value;
    private IEnumerable<DeliveryRecord> Pending => State.Deliveries.Where(d => d.Status == NotificationStatus.Pending);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The previous activation may have died with deliveries owed: try them soon, not while activating.
        if (Pending.Any())
            Arm(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    public async Task Enqueue(NotificationEvent notification)
    {
        if (State.EventKeys.Contains(notification.Key))
            return;
        var catalog = await GrainFactory.GetGrain<ICatalogGrain>(0).Get();
        var audiences = notification.Departments.IsDefaultOrEmpty
            ? []
            : await GrainFactory.GetGrain<INotificationSettingsGrain>(0).Audiences(notification.Departments);
        var subject = NotificationTexts.Subject(notification, catalog);
        var text = NotificationTexts.Text(notification, catalog, calendar.Zone);
        var department = notification.Departments is [var only] ? only : null;
        var now = time.GetUtcNow();
        var planned = NotificationFanOut.Plan(notification, Options, audiences);
        foreach (var p in planned.Where(p => State.Deliveries.All(d => d.Id != p.Id)))
        {
            State.Deliveries.Add(new DeliveryRecord
            {
                Message = new NotificationMessage(p.Id, notification.Type, p.Channel, p.Target, notification.At, notification.CaseId,
                    notification.CaseNumber, notification.RoomId, department, subject, text, p.AtMobiles),
                Recipient = p.Recipient,
                Status = NotificationStatus.Pending,
                CreatedAt = now,
                NextAttemptAt = now,
            });
        }

        State.EventKeys.Add(notification.Key);
        // In place before the write: deliveries written are tried even if this node dies right after.
        if (Pending.Any())
            await Secure();
        await store.WriteStateAsync();
        await Dispatch();
    }

    public async Task Report(string id, string? error)
    {
        _inFlight.Remove(id);
        var delivery = State.Deliveries.Find(d => d.Id == id);
        if (delivery is null || delivery.Status != NotificationStatus.Pending)
            return;
        var now = time.GetUtcNow();
        delivery.Attempts++;
        delivery.LastAttemptAt = now;
        if (error is null)
        {
            delivery.Status = NotificationStatus.Delivered;
            delivery.DeliveredAt = now;
            delivery.NextAttemptAt = null;
        }
        else
        {
            delivery.LastError = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
            if (delivery.Attempts >= Options.MaxAttempts)
            {
                delivery.Status = NotificationStatus.Failed;
                delivery.NextAttemptAt = null;
            }
            else
            {
                delivery.NextAttemptAt = now + Backoff(delivery.Attempts);
            }
        }

        await store.WriteStateAsync();
        await Settle();
    }

    public Task<ImmutableArray<NotificationDelivery>> GetLog() =>
        Task.FromResult<ImmutableArray<NotificationDelivery>>([.. State.Deliveries.Select(d => d.View())]);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName)
            return;
        _reminder = true;
        await Settle();
    }

    /// <summary>The wait after <paramref name="attempts"/> failed attempts: the first delay, doubled each time, capped.</summary>
    public static TimeSpan Backoff(int attempts, TimeSpan first, TimeSpan max)
    {
        var factor = Math.Pow(2, Math.Min(attempts - 1, 30));
        var wait = first * factor;
        return wait > max ? max : wait;
    }

    private TimeSpan Backoff(int attempts) => Backoff(attempts, Options.FirstRetryDelay, Options.MaxRetryDelay);

    /// <summary>Sends what is due, or drops the reminder once nothing is owed.</summary>
    private async Task Settle()
    {
        if (Pending.Any())
        {
            await Dispatch();
            return;
        }

        _timer?.Dispose();
        _timer = null;
        if (!_reminder)
            return;
        try
        {
            if (await this.GetReminder(ReminderName) is { } reminder)
                await this.UnregisterReminder(reminder);
            _reminder = false;
        }
        catch (Exception e)
        {
            // Harmless: the next tick finds nothing owed and tries again.
            LogUnregisterFailed(logger, e, this.GetPrimaryKey());
        }
    }

    /// <summary>Starts an attempt of every due delivery not already on its way, then waits for the next due one.</summary>
    private async Task Dispatch()
    {
        var now = time.GetUtcNow();
        var lease = Options.SendTimeout * 2 + TimeSpan.FromSeconds(5);
        var sender = GrainFactory.GetGrain<INotificationSenderGrain>(0);
        foreach (var delivery in Pending.ToList())
        {
            if (delivery.NextAttemptAt > now || (_inFlight.TryGetValue(delivery.Id, out var until) && until > now))
                continue;
            _inFlight[delivery.Id] = now + lease;
            await sender.Send(delivery.Message);
        }

        var next = Pending.Select(d => Max(d.NextAttemptAt ?? now, _inFlight.GetValueOrDefault(d.Id, now))).DefaultIfEmpty().Min();
        if (next != default)
            Arm(next - time.GetUtcNow());
    }

    private void Arm(TimeSpan delay)
    {
        _timer?.Dispose();
        _timer = this.RegisterGrainTimer(
            _ => Settle(),
            new GrainTimerCreationOptions(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task Secure()
    {
        if (_reminder)
            return;
        var period = outboxOptions.Value.ReminderPeriod;
        await this.RegisterOrUpdateReminder(ReminderName, period, period);
        _reminder = true;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseId} delivered its notifications but could not drop their reminder; its next tick tries again")]
    private static partial void LogUnregisterFailed(ILogger logger, Exception exception, Guid caseId);
}
