using System.Collections.Immutable;
using Consult.Rooms;

namespace Consult.Cases;

/// <summary>What a case shows behind its tracking link: no discussion, no staff names.</summary>
public static class PublicCaseViews
{
    /// <summary>Timeline steps the applicant sees; those in <see cref="WithDetail"/> with their detail.</summary>
    private static readonly HashSet<string> PublicTypes =
    [
        TimelineTypes.Registered,
        TimelineTypes.ConsultationOpened,
        TimelineTypes.ConsultationClosed,
        TimelineTypes.Completed,
        TimelineTypes.Withdrawn,
        TimelineTypes.StatutoryPaused,
        TimelineTypes.StatutoryResumed,
        TimelineTypes.StatutoryExtended,
        TimelineTypes.StageStarted,
        TimelineTypes.Rated,
        TimelineTypes.RatingAnswered,
    ];

    /// <summary>The joint outcome, what was asked, the extension's reason (Art. 42: told to the applicant), the stage.</summary>
    private static readonly HashSet<string> WithDetail =
    [
        TimelineTypes.ConsultationClosed,
        TimelineTypes.StatutoryPaused,
        TimelineTypes.StatutoryResumed,
        TimelineTypes.StatutoryExtended,
        TimelineTypes.StageStarted,
    ];

    public static PublicCaseView Build(CaseState state, RoomSnapshot? room, StatutoryClockView? statutory, ImmutableArray<CaseStageView> stages)
    {
        var closed = room?.Status == RoomStatus.Closed;
        // A staged case between stages (its stage's room closed approved, the next not yet open) has
        // no result yet: that room's outcome and statement are not the case's.
        var result = closed && state.Status != CaseStatus.Received;
        var seats = room is null
            ? ImmutableArray<PublicSeatProgress>.Empty
            : [.. room.Seats.Select(s => new PublicSeatProgress(
                s.Department,
                s.Role,
                s.Decision is not null,
                closed ? s.Decision?.Outcome : null,
                closed && s.Decision is not null ? s.Decision.Conditions : [],
                RequestOf(s.Decision)))];
        var asked = closed && room!.JointOutcome == JointOutcome.SupplementRequired
            ? AskedOfApplicant(room)
            : ImmutableArray<string>.Empty;

        return new PublicCaseView(
            state.CaseNumber,
            state.MatterCode,
            ApplicantInfo.MaskName(state.Applicant!.Name),
            state.Status,
            state.CreatedAt,
            [.. state.Timeline.Where(t => PublicTypes.Contains(t.Type)).Select(t => new PublicTimelineEntry(t.At, t.Type, WithDetail.Contains(t.Type) ? t.Detail : null))],
            room?.Status,
            room?.Deadline,
            seats,
            result ? room!.JointOutcome : null,
            result ? room!.Statement : null,
            asked,
            // The red card is the supervision's, not the applicant's: the due date tells them.
            statutory is null ? null : statutory with { RedCardAt = null },
            stages,
            state.Supplement,
            [.. MaterialVersions.Latest(state.Materials).Select(v => state.Materials.First(m => m.Sha256 == v.Sha256)).Select(m => new PublicMaterial(m.Name, m.Version, m.UploadedAt))],
            CallRoomId: room is { Status: RoomStatus.Open, ApplicantMayCall: true } ? room.RoomId : null);
    }

    /// <summary>What a decision asks of the applicant: the supplement (one item per line of the comment) or the conditions.</summary>
    public static PublicSeatRequest? RequestOf(DecisionView? decision) => decision switch
    {
        { Outcome: DecisionOutcome.RequestSupplement } => new(PublicRequestKind.Supplement, SupplementNotices.Lines(decision.Comment)),
        { Outcome: DecisionOutcome.ApproveWithConditions, Conditions.IsDefaultOrEmpty: false } => new(PublicRequestKind.Conditions, decision.Conditions),
        _ => null,
    };

    /// <summary>What the required seats asking for a supplement asked, told once, all together (Art. 32).</summary>
    public static ImmutableArray<string> AskedOfApplicant(RoomSnapshot room) =>
        [.. room.Seats.Where(s => s.Decision?.Outcome == DecisionOutcome.RequestSupplement && s.Role == SeatRole.Required).Select(s => s.Decision!.Comment ?? "")];
}
