using Consult.Notifications;
using Consult.Outbox;

namespace Consult.Cases;

/// <summary>
/// The due day of a follow-up task: at the start of the centre's working day on it, the task's
/// department is told once (notification <c>taskDue</c>), on a durable reminder that looks again at
/// most every <see cref="StatutoryClockOptions.CheckPeriod"/>, so it fires after a restart or a node's death too.
/// </summary>
public sealed partial class CaseGrain
{
    public const string TaskDueReminder = "task-due";

    private IEnumerable<FollowUpTask> AwaitingDueNotice =>
        State.Status is CaseStatus.Completed or CaseStatus.Withdrawn
            ? []
            : State.FollowUps.Where(t => t.Status == FollowUpStatus.Open && t.DueNotifiedAt is null);

    /// <summary>When a task due on <paramref name="due"/> is announced: the first working period's start that day, the centre's time.</summary>
    private DateTimeOffset DueNoticeAt(DateOnly due)
    {
        var local = due.ToDateTime(calendar.Hours.Periods.IsDefaultOrEmpty ? TimeOnly.MinValue : calendar.Hours.Periods[0].Start);
        return new DateTimeOffset(local, calendar.Zone.GetUtcOffset(local));
    }

    /// <summary>Points the reminder at the next due notice, at most a check period away; removes it when none is owed.</summary>
    private async Task ArmTaskDue()
    {
        var next = AwaitingDueNotice.Select(t => DueNoticeAt(t.Due)).Order().FirstOrDefault();
        if (next == default)
        {
            if (await this.GetReminder(TaskDueReminder) is { } reminder)
                await this.UnregisterReminder(reminder);
            return;
        }

        var period = clockOptions.Value.CheckPeriod;
        var wait = next - time.GetUtcNow();
        wait = wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait > period ? period : wait;
        await this.RegisterOrUpdateReminder(TaskDueReminder, wait, period);
    }

    private async Task OnTaskDueReminder()
    {
        var now = time.GetUtcNow();
        var due = AwaitingDueNotice.Where(t => DueNoticeAt(t.Due) <= now).Select(t => t.TaskId).ToHashSet();
        if (due.Count > 0)
        {
            for (var i = 0; i < State.FollowUps.Count; i++)
            {
                var task = State.FollowUps[i];
                if (!due.Contains(task.TaskId))
                    continue;
                State.FollowUps[i] = task with { DueNotifiedAt = now };
                // Keyed by the task: a repeat after a failed write is recognised by the notifications grain.
                Outbox.Add(new NotificationNotice(new NotificationEvent($"{CaseId:N}:task:{task.TaskId}:due", NotificationTypes.TaskDue, now,
                    CaseId, State.CaseNumber, State.MatterCode, task.RoomId, [task.Department],
                    Detail: $"#{task.TaskId} {task.Text}（{task.Due:yyyy-MM-dd} 到期）")));
            }

            await WriteWithOutbox();
        }

        await ArmTaskDue();
    }
}
