using System.Collections.Immutable;
using System.Globalization;
using Consult.Common;
using Consult.Outbox;
using Consult.Rooms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Consult.Cases;

/// <summary>
/// Follow-through (现场落实): at a close with conditions, each condition becomes a task for its
/// department, due in working days; the last one done completes the case; the window may complete
/// it by hand with a reason. Tasks live in the case's state, so a task and the case's status change
/// in one write; the cross-case index of open tasks is told through the outbox.
/// </summary>
public sealed partial class CaseGrain : ICaseFollowUpGrain
{
    public Task<ImmutableArray<FollowUpTask>> Tasks(Actor actor)
    {
        EnsureCanRead(actor, out _);
        return Task.FromResult<ImmutableArray<FollowUpTask>>([.. State.FollowUps]);
    }

    public Task EnsureCanMarkDone(Actor actor, int taskId)
    {
        OpenTaskFor(actor, taskId);
        return Task.CompletedTask;
    }

    public async Task<FollowUpTask> MarkDone(Actor actor, int taskId, string? note, MaterialInfo? material)
    {
        var (index, task) = OpenTaskFor(actor, taskId);
        TextRules.Require(note, "note", ConsultationGrain.MaxTextLength, required: false, multiline: true);
        var done = task with
        {
            Status = FollowUpStatus.Done,
            DoneAt = time.GetUtcNow(),
            DoneBy = actor.UserName,
            DoneByName = actor.DisplayName,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            Material = material,
        };
        State.FollowUps[index] = done;
        AddTimeline(actor, TimelineTypes.TaskDone, $"#{taskId.ToString(CultureInfo.InvariantCulture)} {task.Department}", task.RoomId);
        TellFollowUpIndex();
        if (State.Status == CaseStatus.Decided && State.FollowUps.All(t => t.Status == FollowUpStatus.Done))
        {
            // The last condition carried out: the case is done.
            AddTimeline(System, TimelineTypes.Completed, null);
            await SetStatus(CaseStatus.Completed);
            return done;
        }

        await WriteWithOutbox();
        return done;
    }

    public async Task<CaseView> Complete(Actor actor, string? reason)
    {
        EnsureRegistered();
        if (!actor.IsWindow)
            throw ConsultException.Forbidden("Only a window officer completes a case.");
        var open = State.FollowUps.Count(t => t.Status == FollowUpStatus.Open);
        TextRules.Require(reason, "reason", ConsultationGrain.MaxTextLength, required: open > 0, multiline: true);
        if (State.Status != CaseStatus.Decided)
            throw ConsultException.Conflict("Only a decided case can be completed.");
        AddTimeline(actor, TimelineTypes.Completed, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim());
        await SetStatus(CaseStatus.Completed);
        return await View(full: true, withToken: true);
    }

    /// <summary>Before the write of a close: the room's conditions become tasks (once per room).</summary>
    private async Task OpenFollowUps(RoomSnapshot room)
    {
        if (State.FollowUps.Any(t => t.RoomId == room.RoomId))
            return;
        var now = time.GetUtcNow();
        var days = ServiceProvider.GetRequiredService<IOptions<FollowUpOptions>>().Value.DueWorkingDays;
        var due = (await Clock()).Calendar.AddWorkingDays(StatutoryClock.LocalDate(now, calendar.Zone), days).Date;
        var tasks = FollowUps.FromRoom(room, due, now, State.FollowUps.Count + 1);
        if (tasks.IsEmpty)
            return;
        State.FollowUps.AddRange(tasks);
        AddTimeline(System, TimelineTypes.TasksOpened, tasks.Length.ToString(CultureInfo.InvariantCulture), room.RoomId);
        TellFollowUpIndex();
        // In place before the close's write; a write that fails leaves a reminder that finds nothing owed and goes.
        await ArmTaskDue();
    }

    /// <summary>With the status's write: a case completed or withdrawn has no task left to supervise.</summary>
    private void FollowUpsOnStatus()
    {
        if (State.FollowUps.Count > 0)
            TellFollowUpIndex();
    }

    private void TellFollowUpIndex() =>
        Outbox.Add(new FollowUpIndexNotice(State.Status is CaseStatus.Completed or CaseStatus.Withdrawn
            ? []
            : FollowUps.Open(CaseId, State.CaseNumber, State.FollowUps)));

    private FollowUpProgress? FollowUpProgress() => FollowUps.Progress(State.FollowUps);

    private (int Index, FollowUpTask Task) OpenTaskFor(Actor actor, int taskId)
    {
        EnsureCanRead(actor, out _);
        var index = State.FollowUps.FindIndex(t => t.TaskId == taskId);
        if (index < 0)
            throw ConsultException.NotFound($"The case has no task {taskId}.");
        var task = State.FollowUps[index];
        if (!actor.IsDepartment || actor.Department != task.Department)
            throw ConsultException.Forbidden("Only a representative of the task's department marks it done.");
        if (task.Status == FollowUpStatus.Done)
            throw ConsultException.Conflict($"Task {taskId} is done already.");
        return (index, task);
    }

    private async Task WriteWithOutbox()
    {
        await OweFigures();
        await Outbox.Secure();
        await store.WriteStateAsync();
        Outbox.Written();
        await Outbox.Deliver();
        await NotifyFollowers();
    }
}
