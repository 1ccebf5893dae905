using Consult.Cases;
using Consult.Departments;
using Consult.Grains.Tests.Fixtures;
using Consult.Metrics;
using Consult.Outbox;
using Consult.Rooms;
using static Consult.Grains.Tests.Fixtures.Scenario;

namespace Consult.Grains.Tests.Outbox;

/// <summary>
/// What a room or a case owes other grains is delivered after its write, retried while the
/// receiver fails (in the activation and on the durable reminder), and receivers ignore repeats.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class OutboxDeliveryTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task AClosingTheCaseFailedToHearIsDeliveredOnceTheCaseAnswersAgain()
    {
        var (caseId, room, dayKey) = await ApprovedRoom();
        var refusedBefore = fixture.CallFaults.Refused;
        using (fixture.CallFaults.Fail<ICaseGrain>(nameof(ICaseGrain.OnRoomClosed)))
        {
            var closed = await room.Close(Actors.Window, "同意");
            Assert.Equal(RoomStatus.Closed, closed.Status);
            Assert.Equal(CaseStatus.Consulting, (await TheCase(caseId)).Status);
            // The room keeps trying while the case is unreachable.
            await Until(() => Task.FromResult(fixture.CallFaults.Refused >= refusedBefore + 2), "the room retried the case");
            Assert.Equal(CaseStatus.Consulting, (await TheCase(caseId)).Status);
        }

        await Until(async () => (await TheCase(caseId)).Status == CaseStatus.Decided, "the case is decided");
        await Until(async () => (await Listed(dayKey, caseId)).Status == CaseStatus.Decided, "the listing shows the case decided");
        Assert.Single((await TheCase(caseId)).Timeline, t => t.Type == TimelineTypes.ConsultationClosed);
    }

    [Fact]
    public async Task AListingTheCaseFailedToUpdateIsFixedByTheCaseOutboxEvenWhenTheRoomTellsItAgain()
    {
        var (caseId, room, dayKey) = await ApprovedRoom();
        RoomSnapshot closed;
        using (fixture.CallFaults.Fail<ICaseDayGrain>(nameof(ICaseDayGrain.UpdateStatus)))
        {
            closed = await room.Close(Actors.Window, "同意");
            Assert.Equal(CaseStatus.Decided, (await TheCase(caseId)).Status);
            Assert.Equal(CaseStatus.Consulting, (await Listed(dayKey, caseId)).Status);
            // The room telling the case again finds the status set: it returns early, as before.
            await Grains.GetGrain<ICaseGrain>(caseId).OnRoomClosed(closed);
            Assert.Equal(CaseStatus.Consulting, (await Listed(dayKey, caseId)).Status);
        }

        await Until(async () => (await Listed(dayKey, caseId)).Status == CaseStatus.Decided, "the listing shows the case decided");
    }

    [Fact]
    public async Task WhatADeactivatedRoomStillOwesIsDeliveredByItsReminder()
    {
        var (caseId, room, dayKey) = await ApprovedRoom();
        using (fixture.CallFaults.Fail<ICaseGrain>(nameof(ICaseGrain.OnRoomClosed)))
        {
            await room.Close(Actors.Window, "同意");
            // The activation, and its quick retries, go: only the durable reminder is left.
            await fixture.Cluster.DeactivateAsync(room);
        }

        // Nothing here calls the room: reading the case and the listing does not wake it.
        await Until(async () => (await Listed(dayKey, caseId)).Status == CaseStatus.Decided, "the listing shows the case decided");
        Assert.Equal(CaseStatus.Decided, (await TheCase(caseId)).Status);

        // Once all is delivered, the room writes its empty outbox and drops its reminder.
        var key = room.GetPrimaryKey().ToString("N");
        await Until(() => Task.FromResult(fixture.StoredRows<RoomState>(key, Hosting.StateNames.Room).Single().Value.Outbox.Entries.Count == 0), "the stored outbox is empty");
        await Until(() => Task.FromResult(ReminderRows(key) == 0), "the room's reminder is gone");
    }

    [Fact]
    public async Task NoticesDeliveredAgainChangeNothing()
    {
        var (caseId, room, dayKey) = await ApprovedRoom();
        var closed = await room.Close(Actors.Window, "同意");
        var roomId = closed.RoomId;
        var metrics = Grains.GetGrain<IMetricsGrain>(IMetricsGrain.KeyFor(closed.OpenedAt, closed.RoomId));
        var caseBefore = await TheCase(caseId);
        var metricsBefore = await metrics.Get();

        // Every notice of the room again, straight to the receivers…
        var theCase = Grains.GetGrain<ICaseGrain>(caseId);
        await theCase.OnRoomClosed(closed);
        await theCase.OnRoomProgress(closed);
        await theCase.OnDepartmentInvited(roomId, "road-admin");
        await Grains.GetGrain<IDepartmentGrain>("road-admin").Remove(roomId);
        await metrics.RoomOpened(roomId, closed.CaseNumber, closed.MatterCode, closed.OpenedAt, closed.Deadline);
        await metrics.FirstDecision(roomId, "road-admin", closed.OpenedAt, closed.OpenedAt.AddMinutes(5));
        await metrics.RoomClosed(roomId, closed.ClosedAt!.Value.AddMinutes(1), JointOutcome.Rejected);
        await Grains.GetGrain<ICaseDayGrain>(dayKey).UpdateStatus(caseId, CaseStatus.Decided);
        // …and through the room's own outbox: a new activation delivers what it stored and had not acknowledged.
        await fixture.Cluster.DeactivateAsync(room);
        await room.Get(Actors.Window);
        await Task.Delay(1000);

        var caseAfter = await TheCase(caseId);
        Assert.Equal(CaseStatus.Decided, caseAfter.Status);
        Assert.Equal(caseBefore.Timeline.Length, caseAfter.Timeline.Length);
        Assert.Single(caseAfter.Timeline, t => t.Type == TimelineTypes.ConsultationClosed);
        Assert.Equal(CaseStatus.Decided, (await Listed(dayKey, caseId)).Status);
        Assert.DoesNotContain(await Grains.GetGrain<IDepartmentGrain>("road-admin").GetOpenInvitations(), i => i.RoomId == roomId);
        var metricsAfter = await metrics.Get();
        Assert.Equal(metricsBefore.Rooms.Single(r => r.RoomId == roomId), metricsAfter.Rooms.Single(r => r.RoomId == roomId));
        Assert.Equal(
            metricsBefore.Decisions.Where(d => d.RoomId == roomId).OrderBy(d => d.Department),
            metricsAfter.Decisions.Where(d => d.RoomId == roomId).OrderBy(d => d.Department));
    }

    [Fact]
    public async Task AFirstDecisionTheInboxFailedToHearIsRetried()
    {
        var opened = await OpenRoom(Grains, ("road-admin", SeatRole.Required), ("traffic-police", SeatRole.Required));
        var roomId = opened.Snapshot.RoomId;
        using (fixture.CallFaults.Fail<IDepartmentGrain>(nameof(IDepartmentGrain.Upsert)))
        {
            await opened.Room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Approve));
            Assert.False(await Decided("road-admin", roomId));
        }

        await Until(() => Decided("road-admin", roomId), "the inbox line shows the decision");
    }

    /// <summary>
    /// A case owes its room a new material while the room owes the case its close, and both
    /// outboxes deliver at the same moment (as every reminder does after a restart): each grain
    /// holds its turn waiting for the other. Neither may wait for Orleans's 30 s timeout (the
    /// reminder calls below would throw it): a delivery gives up after OutboxOptions.AnswerWait,
    /// which frees the turn for the other's call, and the next try delivers (found by a power-cut run).
    /// </summary>
    [Fact]
    public async Task TwoGrainsDeliveringToEachOtherAtOnceDoNotDeadlock()
    {
        var (caseId, room, _) = await ApprovedRoom();
        var theCase = Grains.GetGrain<ICaseGrain>(caseId);
        using (fixture.CallFaults.Fail<ICaseGrain>(nameof(ICaseGrain.OnRoomClosed)))
        using (fixture.CallFaults.Fail<IConsultationGrain>(nameof(IConsultationGrain.UpdateMaterials)))
        {
            var material = await theCase.AddMaterial(Actors.Window, new MaterialInfo(
                "现场照片.jpg", 10, Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()),
                "image/jpeg", "window", DateTimeOffset.UtcNow));
            await room.Close(Actors.Window, "同意");
            // Past the quick retries: only the reminders try again now.
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(
            theCase.AsReference<IRemindable>().ReceiveReminder(GrainOutbox.ReminderName, default),
            room.AsReference<IRemindable>().ReceiveReminder(GrainOutbox.ReminderName, default));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(25), $"the two deliveries took {watch.Elapsed.TotalSeconds:F1} s");
        await Until(async () => (await TheCase(caseId)).Status == CaseStatus.Decided, "the case is decided");
        await Until(async () => (await room.Get(Actors.Window)).Materials.Length > 0, "the room holds the new material");
    }

    private async Task<bool> Decided(string department, Guid roomId) =>
        (await Grains.GetGrain<IDepartmentGrain>(department).GetOpenInvitations()).Single(i => i.RoomId == roomId).Decided;

    private async Task<(Guid CaseId, IConsultationGrain Room, string DayKey)> ApprovedRoom()
    {
        var opened = await OpenRoom(Grains, ("road-admin", SeatRole.Required), ("traffic-police", SeatRole.Required));
        await opened.Room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Approve));
        await opened.Room.CastDecision(Actors.Rep("traffic-police"), Decision("traffic-police", DecisionOutcome.Approve));
        var dayKey = opened.Snapshot.CaseNumber.Split('-')[1];
        Assert.Equal(CaseStatus.Consulting, (await Listed(dayKey, opened.CaseId)).Status);
        return (opened.CaseId, opened.Room, dayKey);
    }

    private Task<CaseView> TheCase(Guid caseId) => Grains.GetGrain<ICaseGrain>(caseId).Get(Actors.Window);

    private async Task<CaseSummary> Listed(string dayKey, Guid caseId) =>
        (await Grains.GetGrain<ICaseDayGrain>(dayKey).List()).Single(c => c.CaseId == caseId);

    private int ReminderRows(string grainKey)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={fixture.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM reminders WHERE grain_id LIKE $id";
        count.Parameters.AddWithValue("$id", "%" + grainKey);
        return Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var giveUp = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < giveUp, $"Not within {Patience}: {what}.");
            await Task.Delay(100);
        }
    }
}
