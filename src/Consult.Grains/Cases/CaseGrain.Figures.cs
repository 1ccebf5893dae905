using Consult.Metrics;
using Consult.Outbox;

namespace Consult.Cases;

/// <summary>
/// The case's line in the figures (<see cref="CaseRecord"/>): sent through the outbox with each
/// write that changes it, and on activation by a case that never sent one (registered before the
/// figures counted cases).
/// </summary>
public sealed partial class CaseGrain
{
    /// <summary>Records the line in the outbox when it differs from the last one recorded.</summary>
    private async Task OweFigures()
    {
        if (!State.Registered)
            return;
        var clock = await Clock();
        var view = clock.Started ? clock.View(time.GetUtcNow(), forApplicant: false) : null;
        var record = new CaseRecord(
            CaseId,
            State.CaseNumber,
            State.MatterCode,
            State.CreatedAt,
            State.Status,
            view?.Due,
            State.Statutory.StoppedAt,
            view?.StoppedOn,
            State.Statutory.Pauses.Count,
            [.. State.FollowUps.Select(t => new TaskRecord(t.TaskId, t.Department, t.Due, t.DoneAt))]);
        if (record.SameAs(State.FiguresSent))
            return;
        State.FiguresSent = record;
        Outbox.Add(new MetricsCaseNotice(record));
    }

    /// <summary>Writes the state with the figures' line, then delivers what the case owes.</summary>
    private async Task WriteWithFigures()
    {
        await OweFigures();
        await store.WriteStateAsync();
        Outbox.Written();
        await Outbox.Deliver();
    }

    /// <summary>On activation: a case that never sent its line owes it (delivered soon, not during activation).</summary>
    private async Task OweFiguresOnce()
    {
        if (State.Registered && State.FiguresSent is null)
            await OweFigures();
    }
}
