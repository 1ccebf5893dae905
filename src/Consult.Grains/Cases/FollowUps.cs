using System.Collections.Immutable;
using Consult.Rooms;

namespace Consult.Cases;

/// <summary>The rules of follow-up tasks, pure: which conditions become tasks, and what each list shows of them.</summary>
public static class FollowUps
{
    /// <summary>
    /// One task per itemised condition of each required seat that approved with conditions, in seat
    /// order; none unless the room closed <see cref="JointOutcome.ApprovedWithConditions"/> (an
    /// advisory seat's conditions are its opinion, not the joint decision's).
    /// </summary>
    public static ImmutableArray<FollowUpTask> FromRoom(RoomSnapshot room, DateOnly due, DateTimeOffset now, int firstId)
    {
        if (room.Status != RoomStatus.Closed || room.JointOutcome != JointOutcome.ApprovedWithConditions)
            return [];
        var id = firstId;
        return [.. room.Seats
            .Where(s => s.Role == SeatRole.Required && s.Decision is { Outcome: DecisionOutcome.ApproveWithConditions })
            .SelectMany(s => s.Decision!.Conditions.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => (s.Department, Text: c.Trim())))
            .Select(c => new FollowUpTask(id++, c.Department, c.Text, FollowUpStatus.Open, due, room.RoomId, now))];
    }

    public static FollowUpProgress? Progress(IReadOnlyCollection<FollowUpTask> tasks) =>
        tasks.Count == 0
            ? null
            : new(tasks.Count(t => t.Status == FollowUpStatus.Done), tasks.Count,
                [.. tasks.Select(t => new PublicFollowUp(t.Department, t.Text, t.Status, t.Due, t.DoneAt))]);

    public static ImmutableArray<OpenFollowUp> Open(Guid caseId, string caseNumber, IEnumerable<FollowUpTask> tasks) =>
        [.. tasks.Where(t => t.Status == FollowUpStatus.Open).Select(t => new OpenFollowUp(caseId, caseNumber, t.TaskId, t.Department, t.Text, t.Due))];

    /// <summary>Open past its due day: overdue from the day after <see cref="FollowUpTask.Due"/>.</summary>
    public static bool IsOverdue(DateOnly due, DateOnly today) => today > due;
}
