using Consult.Calendar;
using Consult.Cases;
using Consult.Common;
using Consult.Grains.Tests.Fixtures;
using Consult.Rooms;
using static Consult.Grains.Tests.Fixtures.Scenario;

namespace Consult.Grains.Tests.FollowUp;

/// <summary>Follow-through (现场落实): tasks from the conditions at close, done by their department only, the case completed by the last one.</summary>
[Collection(ClusterCollection.Name)]
public sealed class FollowUpTests(ClusterFixture fixture)
{
    private const string Barrier = "施工区设置连续硬质围挡";
    private const string Signs = "夜间设置警示灯";
    private const string Police = "高峰时段（7:00-9:00）停止占道作业";
    private const string Advice = "围挡外观与街景协调";

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task EachConditionOfARequiredSeatBecomesATaskForItsDepartmentDueTenWorkingDaysAfterTheClose()
    {
        var (caseId, _) = await CloseWithConditions();
        var tasks = await Grains.GetGrain<ICaseFollowUpGrain>(caseId).Tasks(Actors.Window);

        // The advisory seat's condition is its opinion, not the joint decision's: no task.
        Assert.Equal([(1, "road-admin", Barrier), (2, "road-admin", Signs), (3, "traffic-police", Police)],
            tasks.Select(t => (t.TaskId, t.Department, t.Text)));
        var calendar = (await Grains.GetGrain<ICalendarGrain>(0).Get()).ToWorkingCalendar();
        var today = StatutoryClock.LocalDate(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        var due = calendar.AddWorkingDays(today, new FollowUpOptions().DueWorkingDays).Date;
        Assert.All(tasks, t => Assert.Equal((FollowUpStatus.Open, due), (t.Status, t.Due)));
        var theCase = await Grains.GetGrain<ICaseGrain>(caseId).Get(Actors.Window);
        Assert.Equal(CaseStatus.Decided, theCase.Status);
        Assert.Contains(theCase.Timeline, t => t.Type == TimelineTypes.TasksOpened && t.Detail == "3");

        // The department's list (through the case's outbox) and the applicant's progress.
        var road = await Eventually(async () => (await Grains.GetGrain<IFollowUpIndexGrain>(0).Open("road-admin")).Where(t => t.CaseId == caseId).ToList(), l => l.Count == 2);
        Assert.Equal([1, 2], road.Select(t => t.TaskId));
        var progress = (await Grains.GetGrain<ICaseGrain>(caseId).GetPublicView(theCase.TrackingToken!)).FollowUp!;
        Assert.Equal((0, 3), (progress.Done, progress.Total));
    }

    [Fact]
    public async Task OnlyARepresentativeOfTheTasksDepartmentMarksItDoneAndOnlyOnce()
    {
        var (caseId, _) = await CloseWithConditions();
        var followUp = Grains.GetGrain<ICaseFollowUpGrain>(caseId);

        foreach (var stranger in new[] { Actors.Rep("traffic-police"), Actors.Window, Actors.Manager, Actors.Rep("housing") })
        {
            var refused = await Assert.ThrowsAsync<ConsultException>(() => followUp.MarkDone(stranger, 1, "已完成", null));
            Assert.Equal(ErrorCodes.Forbidden, refused.Code);
        }

        var outsider = await Assert.ThrowsAsync<ConsultException>(() => followUp.MarkDone(Actors.Rep("education"), 1, null, null));
        Assert.Equal(ErrorCodes.Forbidden, outsider.Code);
        var missing = await Assert.ThrowsAsync<ConsultException>(() => followUp.MarkDone(Actors.Rep("road-admin"), 99, null, null));
        Assert.Equal(ErrorCodes.NotFound, missing.Code);
        Assert.All(await followUp.Tasks(Actors.Window), t => Assert.Equal(FollowUpStatus.Open, t.Status));

        var done = await followUp.MarkDone(Actors.Rep("road-admin"), 1, "  围挡已设置，现场核查通过  ", null);
        Assert.Equal((FollowUpStatus.Done, "road-admin", "围挡已设置，现场核查通过"), (done.Status, done.DoneBy, done.Note));
        var twice = await Assert.ThrowsAsync<ConsultException>(() => followUp.MarkDone(Actors.Rep("road-admin"), 1, "again", null));
        Assert.Equal(ErrorCodes.Conflict, twice.Code);
        var stored = (await followUp.Tasks(Actors.Window)).Single(t => t.TaskId == 1);
        Assert.Equal(done, stored);
        Assert.Equal(CaseStatus.Decided, (await Grains.GetGrain<ICaseGrain>(caseId).Get(Actors.Window)).Status);
    }

    [Fact]
    public async Task TheCaseIsCompletedWhenTheLastTaskIsDoneAndLeavesTheDepartmentsLists()
    {
        var (caseId, _) = await CloseWithConditions();
        var followUp = Grains.GetGrain<ICaseFollowUpGrain>(caseId);
        var photo = new MaterialInfo("现场照片.jpg", 2048, new string('a', 64), "image/jpeg", "road-admin", DateTimeOffset.UtcNow);
        await followUp.MarkDone(Actors.Rep("road-admin"), 1, "已设置", photo);
        await followUp.MarkDone(Actors.Rep("road-admin"), 2, null, null);
        Assert.Equal(CaseStatus.Decided, (await Grains.GetGrain<ICaseGrain>(caseId).Get(Actors.Window)).Status);

        await followUp.MarkDone(Actors.Rep("traffic-police"), 3, "已调整作业时间", null);

        var theCase = await Grains.GetGrain<ICaseGrain>(caseId).Get(Actors.Window);
        Assert.Equal(CaseStatus.Completed, theCase.Status);
        Assert.Equal("system", theCase.Timeline.Last(t => t.Type == TimelineTypes.Completed).Actor);
        Assert.Equal(3, theCase.Timeline.Count(t => t.Type == TimelineTypes.TaskDone));
        Assert.Equal(photo, (await followUp.Tasks(Actors.Rep("road-admin")))[0].Material);
        var progress = (await Grains.GetGrain<ICaseGrain>(caseId).GetPublicView(theCase.TrackingToken!)).FollowUp!;
        Assert.Equal((3, 3), (progress.Done, progress.Total));
        await Eventually(async () => (await Grains.GetGrain<IFollowUpIndexGrain>(0).Open(null)).Count(t => t.CaseId == caseId), n => n == 0);
    }

    [Fact]
    public async Task TheWindowCompletesACaseWithOpenTasksByHandOnlyWithAReason()
    {
        var (caseId, _) = await CloseWithConditions();
        var followUp = Grains.GetGrain<ICaseFollowUpGrain>(caseId);
        await Eventually(async () => (await Grains.GetGrain<IFollowUpIndexGrain>(0).Open(null)).Count(t => t.CaseId == caseId), n => n == 3);

        var noReason = await Assert.ThrowsAsync<ConsultException>(() => followUp.Complete(Actors.Window, "  "));
        Assert.Equal(ErrorCodes.InvalidInput, noReason.Code);
        var department = await Assert.ThrowsAsync<ConsultException>(() => followUp.Complete(Actors.Rep("road-admin"), "现场已核实"));
        Assert.Equal(ErrorCodes.Forbidden, department.Code);
        Assert.Equal(CaseStatus.Decided, (await Grains.GetGrain<ICaseGrain>(caseId).Get(Actors.Window)).Status);

        var completed = await followUp.Complete(Actors.Window, "申请人已撤场，剩余条件无需落实");
        Assert.Equal(CaseStatus.Completed, completed.Status);
        Assert.Contains(completed.Timeline, t => t.Type == TimelineTypes.Completed && t.Detail == "申请人已撤场，剩余条件无需落实" && t.Actor == "window");
        await Eventually(async () => (await Grains.GetGrain<IFollowUpIndexGrain>(0).Open(null)).Count(t => t.CaseId == caseId), n => n == 0);
        var again = await Assert.ThrowsAsync<ConsultException>(() => followUp.Complete(Actors.Window, "再次"));
        Assert.Equal(ErrorCodes.Conflict, again.Code);
    }

    [Fact]
    public async Task AnApprovalWithoutConditionsMakesNoTasksAndIsCompletedByHandWithoutAReason()
    {
        var (caseId, room, _) = await OpenRoom(Grains, ("road-admin", SeatRole.Required));
        await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Approve));
        await room.Close(Actors.Window, "同意");
        var followUp = Grains.GetGrain<ICaseFollowUpGrain>(caseId);
        Assert.Empty(await followUp.Tasks(Actors.Window));
        Assert.Null((await Grains.GetGrain<ICaseGrain>(caseId).GetPublicView((await Grains.GetGrain<ICaseGrain>(caseId).Get(Actors.Window)).TrackingToken!)).FollowUp);
        Assert.Equal(CaseStatus.Completed, (await followUp.Complete(Actors.Window, null)).Status);
    }

    /// <summary>road-admin (required) sets two conditions, traffic police (required) one, housing (advisory) one.</summary>
    private async Task<(Guid CaseId, Guid RoomId)> CloseWithConditions()
    {
        var (caseId, room, snapshot) = await OpenRoom(Grains, ("road-admin", SeatRole.Required), ("traffic-police", SeatRole.Required), ("housing", SeatRole.Advisory));
        await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.ApproveWithConditions, null, Barrier, Signs));
        await room.CastDecision(Actors.Rep("traffic-police"), Decision("traffic-police", DecisionOutcome.ApproveWithConditions, null, Police));
        await room.CastDecision(Actors.Rep("housing"), Decision("housing", DecisionOutcome.ApproveWithConditions, null, Advice));
        var closed = await room.Close(Actors.Window, "同意，附条件");
        Assert.Equal(JointOutcome.ApprovedWithConditions, closed.JointOutcome);
        return (caseId, snapshot.RoomId);
    }

    internal static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var value = await read();
        for (var i = 0; i < 100 && !done(value); i++)
        {
            await Task.Delay(100);
            value = await read();
        }

        Assert.True(done(value), $"still {value} after 10 s");
        return value;
    }
}
