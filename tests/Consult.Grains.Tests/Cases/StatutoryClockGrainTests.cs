using Consult.Cases;
using Consult.Common;
using Consult.Grains.Tests.Fixtures;
using Consult.Rooms;
using static Consult.Grains.Tests.Fixtures.Scenario;

namespace Consult.Grains.Tests.Cases;

/// <summary>
/// A case's statutory clock in a cluster whose clock the test moves (<see cref="ShiftedTime"/>):
/// pause and resubmission, extension, and the red card on the durable reminder, also after a restart.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StatutoryClockGrainTests
{
    private static DateTimeOffset Local(int month, int day, int hour = 10) => new(2026, month, day, hour, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task TheClockPausesForASupplementAndResumesOnResubmissionLaterByThePausedWorkingDays()
    {
        var time = new ShiftedTime(Local(9, 21));
        await using var run = await ClockCluster.Start(time);
        var (caseId, _) = await Register(run.Cluster.Client);
        var theCase = run.Cluster.Client.GetGrain<ICaseGrain>(caseId);
        Assert.Equal(new DateOnly(2026, 10, 26), (await theCase.Get(Actors.Window)).Statutory!.Due);

        var room = await OpenAndClose(run.Cluster.Client, caseId, DecisionOutcome.RequestSupplement, "请补充交通安全评价报告");
        var paused = await theCase.Get(Actors.Window);
        Assert.Equal(CaseStatus.SupplementRequired, paused.Status);
        Assert.True(paused.Statutory!.Paused);
        Assert.Contains(paused.Timeline, t => t.Type == TimelineTypes.StatutoryPaused && t.Detail == "请补充交通安全评价报告" && t.RoomId == room);

        // Three working days later (Tue, Wed, Thu) the applicant resubmits.
        time.MoveTo(Local(9, 24));
        var refused = await Assert.ThrowsAsync<ConsultException>(() => theCase.MaterialsResubmitted(Actors.Rep("road-admin"), null));
        Assert.Equal(ErrorCodes.Forbidden, refused.Code);
        var resumed = await theCase.MaterialsResubmitted(Actors.Window, "材料已补正");

        Assert.False(resumed.Statutory!.Paused);
        Assert.Equal(new DateOnly(2026, 10, 29), resumed.Statutory.Due);
        Assert.Equal(3, resumed.Statutory.Pauses.Single().WorkingDays);
        Assert.Contains(resumed.Timeline, t => t.Type == TimelineTypes.StatutoryResumed && t.Detail == "3 · 材料已补正");
        var again = await Assert.ThrowsAsync<ConsultException>(() => theCase.MaterialsResubmitted(Actors.Window, null));
        Assert.Equal(ErrorCodes.Conflict, again.Code);

        var tracked = await theCase.GetPublicView(resumed.TrackingToken!);
        Assert.Equal(new DateOnly(2026, 10, 29), tracked.Statutory!.Due);
        Assert.Contains(tracked.Timeline, t => t.Type == TimelineTypes.StatutoryPaused && t.Detail == "请补充交通安全评价报告");
    }

    [Fact]
    public async Task AManagersExtensionMovesTheDueDateTenWorkingDaysAcrossNationalDayOnceAndOnlyAManagerMayApproveIt()
    {
        var time = new ShiftedTime(Local(9, 1));
        await using var run = await ClockCluster.Start(time);
        var (caseId, _) = await Register(run.Cluster.Client);
        var theCase = run.Cluster.Client.GetGrain<ICaseGrain>(caseId);
        Assert.Equal(new DateOnly(2026, 9, 29), (await theCase.Get(Actors.Window)).Statutory!.Due);

        foreach (var notManager in new[] { Actors.Window, Actors.Admin, Actors.Rep("road-admin") })
            Assert.Equal(ErrorCodes.Forbidden, (await Assert.ThrowsAsync<ConsultException>(() => theCase.ExtendStatutoryLimit(notManager, "延长"))).Code);
        Assert.Equal(ErrorCodes.InvalidInput, (await Assert.ThrowsAsync<ConsultException>(() => theCase.ExtendStatutoryLimit(Actors.Manager, " "))).Code);

        var extended = await theCase.ExtendStatutoryLimit(Actors.Manager, "需组织专家评审");

        Assert.Equal(new DateOnly(2026, 10, 19), extended.Statutory!.Due);
        var extension = extended.Statutory.Extensions.Single();
        Assert.Equal(("manager", "需组织专家评审", 10), (extension.ApprovedBy, extension.Reason, extension.WorkingDays));
        Assert.Contains(extended.Timeline, t => t.Type == TimelineTypes.StatutoryExtended && t.Actor == "manager" && t.Detail == "需组织专家评审");
        var second = await Assert.ThrowsAsync<ConsultException>(() => theCase.ExtendStatutoryLimit(Actors.Manager, "再次延长"));
        Assert.Equal(ErrorCodes.Conflict, second.Code);
        Assert.Single((await theCase.Get(Actors.Window)).Statutory!.Extensions);

        var tracked = await theCase.GetPublicView(extended.TrackingToken!);
        Assert.Equal("需组织专家评审", tracked.Statutory!.Extensions.Single().Reason);
        Assert.Null(tracked.Statutory.Extensions.Single().ApprovedBy);
    }

    [Fact]
    public async Task AnUndecidedCaseGetsOneRedCardWhenItsStatutoryClockRunsOut()
    {
        // The silo's clock only moves forward: Orleans schedules its own work on it.
        var time = new ShiftedTime(Local(9, 1));
        await using var run = await ClockCluster.Start(time);
        var grains = run.Cluster.Client;
        // Accepted on 09-01 (due 09-29), then looked at on the evening of the due day.
        var (caseId, _) = await Register(grains);
        var (decidedId, _) = await Register(grains);
        await OpenAndClose(grains, decidedId, DecisionOutcome.Approve, null);
        time.MoveTo(Local(9, 29, 23));
        var theCase = grains.GetGrain<ICaseGrain>(caseId);
        await Task.Delay(ClusterFixture.ReminderPeriod * 3);
        Assert.Null((await theCase.Get(Actors.Window)).Statutory!.RedCardAt);

        time.MoveTo(Local(9, 30, 0).AddSeconds(1));
        var card = await WaitForCard(grains, caseId);

        Assert.Equal(new DateOnly(2026, 9, 29), card.Due);
        var view = await theCase.Get(Actors.Window);
        Assert.NotNull(view.Statutory!.RedCardAt);
        Assert.Equal("2026-09-29", Assert.Single(view.Timeline, t => t.Type == TimelineTypes.StatutoryRedCard).Detail);
        // Once: further ticks add nothing, the clock's reminder is gone, the decided case has none.
        await Task.Delay(ClusterFixture.ReminderPeriod * 3);
        Assert.Single((await theCase.Get(Actors.Window)).Timeline, t => t.Type == TimelineTypes.StatutoryRedCard);
        Assert.Single(await grains.GetGrain<IOverdueCasesGrain>(0).List(), c => c.CaseId == caseId);
        Assert.DoesNotContain(await grains.GetGrain<IOverdueCasesGrain>(0).List(), c => c.CaseId == decidedId);
        Assert.Equal(0, run.ClockReminders(caseId));
        Assert.Null((await grains.GetGrain<ICaseGrain>(decidedId).Get(Actors.Window)).Statutory!.RedCardAt);
    }

    [Fact]
    public async Task TheRedCardFiresInTheNextClusterWhenTheClockRanOutWhileNoneWasRunning()
    {
        var time = new ShiftedTime(Local(9, 1));
        var folder = Path.Combine(Path.GetTempPath(), "consult-clock-" + Guid.NewGuid().ToString("N"));
        Guid caseId;
        try
        {
            await using (var first = await ClockCluster.Start(time, folder))
            {
                (caseId, _) = await Register(first.Cluster.Client);
                Assert.Equal(1, first.ClockReminders(caseId));
                await first.Cluster.StopAllSilosAsync();
            }

            time.MoveTo(Local(10, 8));
            await using var second = await ClockCluster.Start(time, folder);
            // Nothing calls the case: only its reminder wakes it.
            var card = await WaitForCard(second.Cluster.Client, caseId);
            Assert.Equal(new DateOnly(2026, 9, 29), card.Due);
            Assert.Single((await second.Cluster.Client.GetGrain<ICaseGrain>(caseId).Get(Actors.Window)).Timeline, t => t.Type == TimelineTypes.StatutoryRedCard);
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<OverdueCase> WaitForCard(IGrainFactory grains, Guid caseId)
    {
        var giveUp = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if ((await grains.GetGrain<IOverdueCasesGrain>(0).List()).FirstOrDefault(c => c.CaseId == caseId) is { } card)
                return card;
            Assert.True(DateTime.UtcNow < giveUp, "No red card within 30 s of the statutory clock running out.");
            await Task.Delay(200);
        }
    }

    private static async Task<Guid> OpenAndClose(IGrainFactory grains, Guid caseId, DecisionOutcome outcome, string? comment)
    {
        var snapshot = await grains.GetGrain<ICaseGrain>(caseId).OpenConsultation(Actors.Window, new OpenConsultation([new SeatRequest("road-admin", SeatRole.Required)], null, null));
        var room = grains.GetGrain<IConsultationGrain>(snapshot.RoomId);
        await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", outcome, comment));
        await room.Close(Actors.Window, "会商结束");
        return snapshot.RoomId;
    }
}
