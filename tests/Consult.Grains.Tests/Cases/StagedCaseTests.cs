using Consult.Cases;
using Consult.Grains.Tests.Fixtures;
using Consult.Rooms;
using static Consult.Grains.Tests.Fixtures.Scenario;

namespace Consult.Grains.Tests.Cases;

/// <summary>The school-bus permit, staged as 校车安全管理条例 Art. 15 says, run through to the county government's decision.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StagedCaseTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AStagedSchoolBusCaseRunsThroughItsStagesToTheCountyGovernmentsDecision()
    {
        var (caseId, registered) = await Register(fixture.Grains, "school-bus");
        var theCase = fixture.Grains.GetGrain<ICaseGrain>(caseId);
        var first = await theCase.Get(Actors.Window);
        Assert.Equal(["education-review", "police-transport", "education-opinion", "county-decision"], first.Stages.Select(s => s.Code));
        Assert.Equal([3, 3, 5, null], first.Stages.Select(s => s.LimitWorkingDays));
        Assert.Equal([CaseStageStatus.Current, CaseStageStatus.Pending, CaseStageStatus.Pending, CaseStageStatus.Pending], first.Stages.Select(s => s.Status));
        Assert.NotNull(first.Stages[0].Due);

        // Each stage's room takes that stage's seats; its required seats approve; the convener closes.
        (string Department, SeatRole Role)[][] expected =
        [
            [("education", SeatRole.Required)],
            [("traffic-police", SeatRole.Required), ("transport", SeatRole.Required), ("education", SeatRole.Notify)],
            [("education", SeatRole.Required)],
            [("county-gov", SeatRole.Required), ("enforcement", SeatRole.Notify)],
        ];
        for (var stage = 0; stage < expected.Length; stage++)
        {
            var snapshot = await theCase.OpenConsultation(Actors.Window, new OpenConsultation(null, null, null));
            Assert.Equal(expected[stage], snapshot.Seats.Select(s => (s.Department, s.Role)));
            var room = fixture.Grains.GetGrain<IConsultationGrain>(snapshot.RoomId);
            foreach (var seat in snapshot.Seats.Where(s => s.Role == SeatRole.Required))
                await room.CastDecision(Actors.Rep(seat.Department), Decision(seat.Department, DecisionOutcome.Approve));
            await room.Close(Actors.Window, $"第{stage + 1}阶段同意");

            var view = await theCase.Get(Actors.Window);
            Assert.Equal(snapshot.RoomId, view.Stages[stage].RoomId);
            Assert.Equal(CaseStageStatus.Done, view.Stages[stage].Status);
            if (stage < expected.Length - 1)
            {
                Assert.Equal(CaseStatus.Received, view.Status);
                Assert.Equal(CaseStageStatus.Current, view.Stages[stage + 1].Status);
                Assert.Contains(view.Timeline, t => t.Type == TimelineTypes.StageStarted && t.Detail == view.Stages[stage + 1].Code);
            }
            else
            {
                Assert.Equal(CaseStatus.Decided, view.Status);
            }
        }

        var tracked = await theCase.GetPublicView(registered.TrackingToken);
        Assert.All(tracked.Stages, s => Assert.Equal(CaseStageStatus.Done, s.Status));
        Assert.Equal(CaseStatus.Decided, tracked.Status);
        Assert.Equal(JointOutcome.Approved, tracked.JointOutcome);
    }

    [Fact]
    public async Task AStageRejectedDecidesTheCaseWithoutTheLaterStages()
    {
        var (caseId, _) = await Register(fixture.Grains, "school-bus");
        var theCase = fixture.Grains.GetGrain<ICaseGrain>(caseId);
        var snapshot = await theCase.OpenConsultation(Actors.Window, new OpenConsultation(null, null, null));
        var room = fixture.Grains.GetGrain<IConsultationGrain>(snapshot.RoomId);
        await room.CastDecision(Actors.Rep("education"), Decision("education", DecisionOutcome.Reject, "车辆不符合校车标准"));
        await room.Close(Actors.Window, "不予许可");

        var view = await theCase.Get(Actors.Window);
        Assert.Equal(CaseStatus.Decided, view.Status);
        Assert.Equal(CaseStageStatus.Current, view.Stages[0].Status);
        Assert.DoesNotContain(view.Timeline, t => t.Type == TimelineTypes.StageStarted);
    }

    [Fact]
    public async Task AMatterWithoutStagesShowsNoneAndDecidesInOneRoom()
    {
        var opened = await OpenRoom(fixture.Grains, ("road-admin", SeatRole.Required));
        await opened.Room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Approve));
        await opened.Room.Close(Actors.Window, "同意");

        var view = await fixture.Grains.GetGrain<ICaseGrain>(opened.CaseId).Get(Actors.Window);
        Assert.Empty(view.Stages);
        Assert.Equal(CaseStatus.Decided, view.Status);
        Assert.Equal(20, view.Statutory!.LimitWorkingDays);
    }
}
