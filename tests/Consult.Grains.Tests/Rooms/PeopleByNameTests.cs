using Consult.Cases;
using Consult.Catalog;
using Consult.Common;
using Consult.Grains.Tests.Fixtures;
using Consult.Records;
using Consult.Rooms;
using Consult.Rooms.Events;
using static Consult.Grains.Tests.Fixtures.Scenario;

namespace Consult.Grains.Tests.Rooms;

/// <summary>People are recorded by their display name when they act, beside their user name; the close is credited to who closed.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PeopleByNameTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task ADecisionCarriesTheDecidersDisplayNameBesideTheirUserName()
    {
        var (_, room, opened) = await OpenRoom(Grains, ("road-admin", SeatRole.Required));
        Assert.Equal("window", opened.Convener);
        Assert.Equal("综合窗口 王敏", opened.ConvenerName);

        var decided = await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Approve));
        var decision = decided.Seats.Single().Decision!;
        Assert.Equal("road-admin", decision.DecidedBy);
        Assert.Equal("road-admin 代表", decision.DecidedByName);

        var cast = (await room.GetEvents(Actors.Window, 0)).Single(e => e.Type == RoomEventTypes.DecisionCast);
        Assert.Equal(("road-admin", "road-admin 代表"), (cast.Actor, cast.ActorName));
    }

    [Fact]
    public async Task TheCloseIsCreditedToTheConvenerWhoClosedOnTheRoomTheCaseAndTheRecord()
    {
        var (caseId, room, closed) = await ApprovedAndClosedBy(Actors.Window);
        Assert.Equal(("window", "综合窗口 王敏"), (closed.ClosedBy, closed.ClosedByName));

        var log = await room.GetEvents(Actors.Window, 0);
        var closing = log.Single(e => e.Type == RoomEventTypes.RoomClosed);
        Assert.Equal(("window", "综合窗口 王敏"), (closing.Actor, closing.ActorName));

        var timeline = await CaseAfterClose(caseId);
        var entry = timeline.Timeline.Single(t => t.Type == TimelineTypes.ConsultationClosed);
        Assert.Equal(("window", "综合窗口 王敏"), (entry.Actor, entry.ActorName));
        Assert.Equal("综合窗口 王敏", timeline.ReceivingOfficerName);
        Assert.Equal("综合窗口 王敏", timeline.Timeline.Single(t => t.Type == TimelineTypes.Registered).ActorName);

        var catalog = await Grains.GetGrain<ICatalogGrain>(0).Get();
        var record = JointRecordBuilder.Build(closed, log, timeline, catalog, "Asia/Shanghai");
        Assert.Equal(JointRecord.CurrentFormat, record.Format);
        Assert.Equal(("window", "综合窗口 王敏"), (record.ClosedBy, record.ClosedByName));
        Assert.Equal(("window", "综合窗口 王敏"), (record.Convener, record.ConvenerName));
        Assert.Equal("road-admin 代表", record.Seats.Single().Decision!.DecidedByName);
        Assert.Contains("\"closedByName\":\"综合窗口 王敏\"", JointRecordHash.Seal(record).Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AManagersCloseIsCreditedToTheManager()
    {
        var (caseId, _, closed) = await ApprovedAndClosedBy(Actors.Manager);
        Assert.Equal(("manager", "中心主任 陈静"), (closed.ClosedBy, closed.ClosedByName));
        var theCase = await CaseAfterClose(caseId);
        Assert.Equal("中心主任 陈静", theCase.Timeline.Single(t => t.Type == TimelineTypes.ConsultationClosed).ActorName);
    }

    [Fact]
    public void TheBoardsProjectionTakesTheNamesFromTheEvents()
    {
        var roomId = Guid.NewGuid();
        var open = new RoomSnapshot(roomId, Guid.NewGuid(), "CS-1", "highway-occupation", RoomStatus.Open, "window", DateTimeOffset.UnixEpoch, null,
            DateTimeOffset.UnixEpoch.AddHours(3), [new SeatView("road-admin", SeatRole.Required, SeatStatus.Joined, DateTimeOffset.UnixEpoch, null, [])],
            JointOutcome.Pending, null, null, 2, JointRuleKind.Unanimous, ConvenerName: "综合窗口 王敏");
        var cast = new RoomEvent(roomId, 3, DateTimeOffset.UnixEpoch.AddMinutes(5), "road-admin", RoomEventTypes.DecisionCast,
            RoomEventPayloads.Write(new DecisionCast("road-admin", DecisionOutcome.Approve, null, [], 1, false, SeatStatus.Decided, JointOutcome.Approved)), "路政 张伟");
        var decided = RoomProjection.Apply(open, cast)!;
        Assert.Equal("路政 张伟", decided.Seats.Single().Decision!.DecidedByName);

        var close = new RoomEvent(roomId, 4, DateTimeOffset.UnixEpoch.AddMinutes(9), "window", RoomEventTypes.RoomClosed,
            RoomEventPayloads.Write(new RoomClosed(JointOutcome.Approved, "同意", DateTimeOffset.UnixEpoch.AddMinutes(9))), "综合窗口 王敏");
        var closed = RoomProjection.Apply(decided, close)!;
        Assert.Equal(("window", "综合窗口 王敏"), (closed.ClosedBy, closed.ClosedByName));
    }

    [Fact]
    public void ADeemedConsentIsTheSystemsAndCarriesNoPersonsName()
    {
        var now = DateTimeOffset.UnixEpoch.AddYears(56);
        var room = new RoomState();
        room.Open(new OpenRoomCommand(Guid.NewGuid(), "CS-1", "highway-occupation", JointRuleKind.Unanimous,
            [new DefaultSeat("road-admin", SeatRole.Required, DeemedConsentOnTimeout: true)], null, now.AddHours(1)), Actors.Window, now);
        RoomClock.Advance(room, now.AddHours(2), new ClockOptions());
        var deemed = room.SeatOf("road-admin")!.Decision!;
        Assert.Equal(DecisionOutcome.DeemedConsent, deemed.Outcome);
        Assert.Equal(RoomClock.System, deemed.DecidedBy);
        Assert.Null(deemed.DecidedByName);
    }

    private async Task<(Guid CaseId, IConsultationGrain Room, RoomSnapshot Closed)> ApprovedAndClosedBy(Actor closer)
    {
        var (caseId, room, _) = await OpenRoom(Grains, ("road-admin", SeatRole.Required));
        await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Approve));
        return (caseId, room, await room.Close(closer, "同意"));
    }

    private Task<CaseView> CaseAfterClose(Guid caseId) => Eventually.Until(
        () => Grains.GetGrain<ICaseGrain>(caseId).Get(Actors.Window),
        c => c.Timeline.Any(t => t.Type == TimelineTypes.ConsultationClosed), "the case records the close");
}
