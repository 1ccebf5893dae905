using System.Collections.Immutable;
using Consult.Cases;
using Consult.Catalog;
using Consult.Common;
using Consult.Rooms;
using Consult.Rooms.Events;

namespace Consult.Records;

/// <summary>
/// Makes a closed room's <see cref="JointRecord"/> from what the room, its log, its case and the
/// catalogue say: pure, so the same inputs give the same record.
/// </summary>
public static class JointRecordBuilder
{
    public static JointRecord Build(RoomSnapshot room, IEnumerable<RoomEvent> log, CaseView theCase, CatalogSnapshot catalog, string timeZone)
    {
        if (room.Status != RoomStatus.Closed || room.ClosedAt is not { } closedAt)
            throw ConsultException.Conflict("The joint record is made when the consultation closes; this one is still open.");
        var events = log.OrderBy(e => e.Seq).ToList();
        var revisions = events
            .Where(e => e.Type == RoomEventTypes.DecisionCast)
            .Select(e => (Event: e, Cast: RoomEventPayloads.Read<DecisionCast>(e)))
            .ToLookup(c => c.Cast.Department, c => Decision(c.Cast, c.Event), StringComparer.Ordinal);
        var matter = catalog.Matters.FirstOrDefault(m => m.Code == room.MatterCode);
        var closing = events.LastOrDefault(e => e.Type == RoomEventTypes.RoomClosed);

        return new JointRecord(
            JointRecord.CurrentFormat,
            room.RoomId,
            room.CaseId,
            room.CaseNumber,
            new RecordMatter(room.MatterCode, matter?.Name ?? new LocalizedText(room.MatterCode, room.MatterCode), matter?.LegalBasis, room.MatterVersion),
            new RecordApplicant(ApplicantInfo.MaskName(theCase.Applicant.Name), theCase.Applicant.Organization),
            room.Convener,
            room.Rule,
            timeZone,
            room.OpenedAt,
            room.ScheduledAt,
            room.Deadline,
            closedAt,
            closing?.Actor ?? room.ClosedBy ?? room.Convener,
            [.. events.Where(e => e.Type == RoomEventTypes.DeadlineExtended).Select(e => Extension(RoomEventPayloads.Read<DeadlineExtended>(e), e))],
            [.. room.Seats.Select(s => Seat(s, catalog, [.. revisions[s.Department]]))],
            [.. theCase.Materials.Where(m => m.UploadedAt <= closedAt).Select(m => new RecordMaterial(m.Name, m.Size, m.Sha256.ToLowerInvariant(), m.ContentType, m.UploadedAt, m.Version, m.FileName ?? m.Name))],
            room.JointOutcome,
            room.Statement ?? "",
            room.ConvenerName,
            closing is null ? room.ClosedByName : closing.ActorName,
            CallAttendance.From(events, closedAt));
    }

    private static RecordSeat Seat(SeatView seat, CatalogSnapshot catalog, ImmutableArray<RecordDecision> revisions)
    {
        var name = catalog.Departments.FirstOrDefault(d => d.Code == seat.Department)?.Name ?? new LocalizedText(seat.Department, seat.Department);
        var decision = seat.Decision is { } d
            ? new RecordDecision(d.Revision, d.Outcome, d.Comment, d.Conditions.IsDefault ? [] : d.Conditions, d.DecidedBy, d.DecidedAt, d.OnBehalf, d.DecidedByName)
            : null;
        return new RecordSeat(seat.Department, name, seat.Role, seat.Status, seat.InvitedAt, decision, revisions);
    }

    private static RecordDecision Decision(DecisionCast cast, RoomEvent roomEvent) =>
        new(cast.Revision, cast.Outcome, cast.Comment, cast.Conditions.IsDefault ? [] : cast.Conditions, roomEvent.Actor, roomEvent.At, cast.OnBehalf, roomEvent.ActorName);

    private static RecordDeadlineExtension Extension(DeadlineExtended extended, RoomEvent roomEvent) =>
        new(extended.Previous, extended.Deadline, extended.Reason, roomEvent.Actor, roomEvent.At, roomEvent.ActorName);
}
