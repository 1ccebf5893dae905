using Consult.Cases;
using Consult.Common;
using Consult.Grains.Tests.Fixtures;
using Consult.Rooms;
using static Consult.Grains.Tests.Fixtures.Scenario;

namespace Consult.Grains.Tests.Cases;

/// <summary>
/// One complete supplement notice (行政许可法 Art. 32): a room closes on a supplement only once every
/// required seat has spoken or its deadline has passed; the notice lists everything, by department.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SupplementNoticeTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ClosingOnASupplementIsRefusedWhileARequiredSeatIsUndecidedAndChangesNothing()
    {
        var opened = await OpenRoom(fixture.Grains, ("road-admin", SeatRole.Required), ("traffic-police", SeatRole.Required), ("housing", SeatRole.Advisory));
        var asked = await opened.Room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.RequestSupplement, "请补充施工方案"));
        Assert.Equal(JointOutcome.SupplementRequired, asked.JointOutcome);

        var refused = await Assert.ThrowsAsync<ConsultException>(() => opened.Room.Close(Actors.Window, "请补正", asked.Seq));

        Assert.Equal(ErrorCodes.Conflict, refused.Code);
        Assert.Contains("traffic-police", refused.Message);
        var after = await opened.Room.Get(Actors.Window);
        Assert.Equal(RoomStatus.Open, after.Status);
        Assert.Equal(asked.Seq, after.Seq);
        var theCase = await fixture.Grains.GetGrain<ICaseGrain>(opened.CaseId).Get(Actors.Window);
        Assert.Equal(CaseStatus.Consulting, theCase.Status);
        Assert.Null(theCase.Supplement);
        Assert.False(theCase.Statutory!.Paused);

        // The advisory seat need not speak: once every required seat has, the close goes through.
        await opened.Room.CastDecision(Actors.Rep("traffic-police"), Decision("traffic-police", DecisionOutcome.RequestSupplement, "请补充交通组织方案\n请补充应急预案"));
        var closed = await opened.Room.Close(Actors.Window, "请补正");
        Assert.Equal(JointOutcome.SupplementRequired, closed.JointOutcome);

        var notified = await fixture.Grains.GetGrain<ICaseGrain>(opened.CaseId).Get(Actors.Window);
        Assert.Equal(CaseStatus.SupplementRequired, notified.Status);
        Assert.True(notified.Statutory!.Paused);
        var notice = notified.Supplement!;
        Assert.True(notice.Pending);
        Assert.Empty(notice.Unanswered);
        Assert.Equal(new[] { "road-admin", "traffic-police" }, notice.Requests.Select(r => r.Department));
        Assert.Equal(new[] { "请补充交通组织方案", "请补充应急预案" }, notice.Requests[1].Items.AsEnumerable());
    }

    [Fact]
    public async Task ClosingOnASupplementAfterTheDeadlineIsAllowedAndTheNoticeNamesWhoDidNotAnswer()
    {
        var (caseId, registered) = await Register(fixture.Grains);
        var theCase = fixture.Grains.GetGrain<ICaseGrain>(caseId);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(3);
        var opened = await theCase.OpenConsultation(Actors.Window, new OpenConsultation(
            [new SeatRequest("road-admin", SeatRole.Required), new SeatRequest("traffic-police", SeatRole.Required)], null, deadline));
        var room = fixture.Grains.GetGrain<IConsultationGrain>(opened.RoomId);
        await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.RequestSupplement, "请补充施工方案"));
        var early = await Assert.ThrowsAsync<ConsultException>(() => room.Close(Actors.Window, "请补正"));
        Assert.Equal(ErrorCodes.Conflict, early.Code);

        await Task.Delay(deadline - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));
        var closed = await room.Close(Actors.Window, "请补正");

        Assert.Equal(JointOutcome.SupplementRequired, closed.JointOutcome);
        var view = await theCase.Get(Actors.Window);
        Assert.True(view.Statutory!.Paused);
        Assert.Equal("traffic-police", Assert.Single(view.Supplement!.Unanswered));
        Assert.Equal("请补充施工方案", Assert.Single(Assert.Single(view.Supplement.Requests).Items));
        var tracked = await theCase.GetPublicView(registered.TrackingToken);
        Assert.Equal("traffic-police", Assert.Single(tracked.Supplement!.Unanswered));
        Assert.Equal(view.Supplement.NotifiedAt, tracked.Supplement.NotifiedAt);
    }

    [Fact]
    public async Task TheWindowsRecordedResubmissionAnswersTheNotice()
    {
        var opened = await OpenRoom(fixture.Grains, ("road-admin", SeatRole.Required));
        await opened.Room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.RequestSupplement, "请补充施工方案"));
        await opened.Room.Close(Actors.Window, "请补正");
        var theCase = fixture.Grains.GetGrain<ICaseGrain>(opened.CaseId);
        Assert.True((await theCase.Get(Actors.Window)).Supplement!.Pending);

        var resumed = await theCase.MaterialsResubmitted(Actors.Window, "窗口收到补正材料");

        Assert.False(resumed.Supplement!.Pending);
        Assert.NotNull(resumed.Supplement.ResubmittedAt);
    }
}
