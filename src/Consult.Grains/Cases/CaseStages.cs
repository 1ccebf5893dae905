using System.Collections.Immutable;
using Consult.Calendar;
using Consult.Catalog;
using Consult.Rooms;

namespace Consult.Cases;

/// <summary>
/// The rules of a staged case: which seats and rule its next room takes, when it moves on (a
/// stage's room closes approved, with or without conditions), and how its stages are shown. Pure.
/// </summary>
public sealed class CaseStages(StageState state)
{
    public bool IsStaged => state.Stages.Count > 0;

    public MatterStage? Current => state.Current < state.Stages.Count ? state.Stages[state.Current] : null;

    public static void Start(StageState state, ImmutableArray<MatterStage> stages, DateOnly acceptedOn)
    {
        if (stages.IsDefaultOrEmpty)
            return;
        state.Stages = [.. stages];
        state.Current = 0;
        state.StartedOn = [acceptedOn];
        state.Rooms = [null];
    }

    public void RoomOpened(Guid roomId)
    {
        if (Current is not null)
            state.Rooms[state.Current] = roomId;
    }

    /// <summary>
    /// A room of the case closed. When it was the current stage's and closed approved (with or
    /// without conditions), that stage is done; true when a next stage starts (the case then waits
    /// for that stage's room), false otherwise (not staged, another outcome, or the last stage done).
    /// </summary>
    public bool Advance(RoomSnapshot room, DateOnly today)
    {
        if (Current is null || state.Rooms[state.Current] != room.RoomId
            || room.JointOutcome is not (JointOutcome.Approved or JointOutcome.ApprovedWithConditions))
            return false;
        state.Current++;
        if (Current is null)
            return false;
        state.StartedOn.Add(today);
        state.Rooms.Add(null);
        return true;
    }

    public ImmutableArray<CaseStageView> View(WorkingCalendar calendar) =>
    [
        .. state.Stages.Select((stage, i) =>
        {
            var started = i < state.StartedOn.Count ? state.StartedOn[i] : (DateOnly?)null;
            var status = i < state.Current ? CaseStageStatus.Done : i == state.Current ? CaseStageStatus.Current : CaseStageStatus.Pending;
            var due = started is { } on && stage.LimitWorkingDays is { } limit ? calendar.AddWorkingDays(on, limit).Date : (DateOnly?)null;
            return new CaseStageView(i, stage.Code, stage.Name, status, stage.LimitWorkingDays, started, due, i < state.Rooms.Count ? state.Rooms[i] : null);
        }),
    ];
}
