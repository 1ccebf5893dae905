using System.Globalization;
using Consult.Calendar;
using Consult.Common;
using Consult.Outbox;
using Consult.Rooms;

namespace Consult.Cases;

/// <summary>
/// The case's statutory clock and stages: pauses for a supplement, resubmission, extension, and the
/// red card on a durable reminder (<see cref="ClockReminder"/>) when the clock runs out undecided.
/// </summary>
public sealed partial class CaseGrain
{
    public const string ClockReminder = "statutory";

    private static readonly Actor System = new("system", Roles.Admin, null);

    private WorkingCalendar? _workingCalendar;
    private long _calendarRevision = -1;

    private bool Undecided => State.Status is CaseStatus.Received or CaseStatus.Consulting or CaseStatus.SupplementRequired;

    public async Task<CaseView> ExtendStatutoryLimit(Actor actor, string reason)
    {
        EnsureRegistered();
        if (!actor.IsManager)
            throw ConsultException.Forbidden("Only a manager approves an extension of the statutory limit (行政许可法 Art. 42).");
        TextRules.Require(reason, "reason", ConsultationGrain.MaxTextLength, multiline: true);
        var clock = await Clock();
        var now = time.GetUtcNow();
        if (!clock.Started || !Undecided)
            throw ConsultException.Conflict($"The case is {State.Status}; its statutory limit cannot be extended.");
        if (clock.RanOut(now) || State.Statutory.RedCardAt is not null)
            throw ConsultException.Conflict("The statutory limit has run out already: an extension is approved before it does.");
        var extension = clock.Extend(now, actor.UserName, reason.Trim(), actor.DisplayName);
        AddTimeline(actor, TimelineTypes.StatutoryExtended, extension.Reason);
        await ArmClock(clock);
        await WriteWithFigures();
        await NotifyFollowers();
        return await View(full: true, withToken: true);
    }

    public async Task<CaseView> MaterialsResubmitted(Actor actor, string? note)
    {
        EnsureRegistered();
        if (!actor.IsWindow && !actor.IsApplicant)
            throw ConsultException.Forbidden("Only a window officer (or the applicant's own upload) records a resubmission.");
        TextRules.Require(note, "note", ConsultationGrain.MaxTextLength, required: false, multiline: true);
        var clock = await Clock();
        if (State.Status != CaseStatus.SupplementRequired || !clock.Paused)
            throw ConsultException.Conflict("Nothing is asked of the applicant: the statutory clock is not paused.");
        ResumeClock(clock, actor, string.IsNullOrWhiteSpace(note) ? null : note.Trim());
        await ArmClock(clock);
        await WriteWithFigures();
        await NotifyFollowers();
        return await View(full: actor.IsWindow, withToken: actor.IsWindow);
    }

    /// <summary>The status a closed room leaves the case in; pauses the clock or moves to the next stage.</summary>
    private async Task<CaseStatus> AfterClose(RoomSnapshot room)
    {
        var now = time.GetUtcNow();
        if (room.JointOutcome == JointOutcome.SupplementRequired)
        {
            State.Supplement = SupplementNotices.From(room, now);
            var asked = PublicCaseViews.AskedOfApplicant(room);
            var reason = asked.IsEmpty ? "补正材料 / supplement" : string.Join("；", asked);
            var clock = await Clock();
            if (clock.Started && !clock.Paused)
            {
                clock.Pause(now, reason);
                AddTimeline(System, TimelineTypes.StatutoryPaused, reason, room.RoomId);
            }

            return CaseStatus.SupplementRequired;
        }

        var stages = new CaseStages(State.Stages);
        if (stages.Advance(room, StatutoryClock.LocalDate(now, calendar.Zone)))
        {
            AddTimeline(System, TimelineTypes.StageStarted, stages.Current!.Code, room.RoomId);
            return CaseStatus.Received;
        }

        return CaseStatus.Decided;
    }

    private void ResumeClock(StatutoryClock clock, Actor actor, string? note)
    {
        var pause = clock.Resume(time.GetUtcNow(), actor.UserName);
        if (State.Supplement is { Pending: true } notice)
            State.Supplement = notice with { ResubmittedAt = time.GetUtcNow() };
        var days = pause.WorkingDays!.Value.ToString(CultureInfo.InvariantCulture);
        AddTimeline(actor, TimelineTypes.StatutoryResumed, note is null ? days : $"{days} · {note}");
    }

    private async Task<StatutoryClock> Clock()
    {
        var snapshot = await GrainFactory.GetGrain<ICalendarGrain>(0).Get();
        if (_workingCalendar is null || snapshot.Revision != _calendarRevision)
        {
            _workingCalendar = snapshot.ToWorkingCalendar();
            _calendarRevision = snapshot.Revision;
        }

        return new StatutoryClock(State.Statutory, _workingCalendar, calendar.Zone);
    }

    /// <summary>
    /// Points the durable reminder at the moment the clock runs out, or at most
    /// <see cref="StatutoryClockOptions.CheckPeriod"/> away, to look again then.
    /// </summary>
    private async Task ArmClock(StatutoryClock clock)
    {
        if (!clock.Started || clock.Paused || State.Statutory.RedCardAt is not null)
            return;
        var period = clockOptions.Value.CheckPeriod;
        var now = time.GetUtcNow();
        var wait = clock.RunsOutAt(now) - now;
        wait = wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait > period ? period : wait;
        await this.RegisterOrUpdateReminder(ClockReminder, wait, period);
    }

    private async Task OnClockReminder()
    {
        var clock = await Clock();
        var now = time.GetUtcNow();
        if (!State.Registered || !clock.Started || clock.Paused || !Undecided || State.Statutory.RedCardAt is not null)
        {
            // Decided, withdrawn, paused (a resubmission arms it again) or carded: nothing to watch.
            await StopClockReminder();
            return;
        }

        if (!clock.RanOut(now))
        {
            await ArmClock(clock);
            return;
        }

        var due = clock.Due(now).Date;
        State.Statutory.RedCardAt = now;
        AddTimeline(System, TimelineTypes.StatutoryRedCard, due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Outbox.Add(new OverdueCaseNotice(new OverdueCase(CaseId, State.CaseNumber, State.MatterCode, due, now)));
        await Outbox.Secure();
        await store.WriteStateAsync();
        Outbox.Written();
        await Outbox.Deliver();
        await StopClockReminder();
        await NotifyFollowers();
    }

    private async Task StopClockReminder()
    {
        if (await this.GetReminder(ClockReminder) is { } reminder)
            await this.UnregisterReminder(reminder);
    }
}
