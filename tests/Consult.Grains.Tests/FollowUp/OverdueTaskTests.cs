using Consult.Cases;
using Consult.Grains.Tests.Fixtures;
using Consult.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Consult.Rooms;
using static Consult.Grains.Tests.Fixtures.Scenario;

namespace Consult.Grains.Tests.FollowUp;

/// <summary>Overdue follow-up tasks on the supervision list, in a cluster whose clock the test moves.</summary>
[Collection(ClusterCollection.Name)]
public sealed class OverdueTaskTests
{
    private static DateTimeOffset Local(int month, int day, int hour = 10) => new(2026, month, day, hour, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task AnOpenTaskIsOverdueFromTheDayAfterItsDueDayUntilItIsDone()
    {
        // Closed on Friday 18 September 2026; the due day is the calendar's (across National Day).
        var time = new ShiftedTime(Local(9, 18));
        var folder = Path.Combine(Path.GetTempPath(), "consult-tasks-" + Guid.NewGuid().ToString("N"));
        var cluster = ClusterFixture.Build(Path.Combine(folder, "consult.db"), time: time);
        await cluster.DeployAsync();
        try
        {
            var grains = cluster.Client;
            var (caseId, room, _) = await OpenRoom(grains, ("road-admin", SeatRole.Required));
            await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.ApproveWithConditions, null, "施工完毕恢复路面"));
            await room.Close(Actors.Window, "同意，附条件");
            var task = (await grains.GetGrain<ICaseFollowUpGrain>(caseId).Tasks(Actors.Window)).Single();
            var index = grains.GetGrain<IFollowUpIndexGrain>(0);
            await FollowUpTests.Eventually(() => index.Open("road-admin"), open => open.Any(t => t.CaseId == caseId));

            time.MoveTo(new DateTimeOffset(task.Due.ToDateTime(new TimeOnly(23, 59)), TimeSpan.FromHours(8)));
            Assert.DoesNotContain(await index.Overdue(), t => t.CaseId == caseId);

            time.MoveTo(new DateTimeOffset(task.Due.AddDays(1).ToDateTime(new TimeOnly(0, 1)), TimeSpan.FromHours(8)));
            var overdue = Assert.Single(await index.Overdue(), t => t.CaseId == caseId);
            Assert.Equal((1, "road-admin", task.Due), (overdue.TaskId, overdue.Department, overdue.Due));

            await grains.GetGrain<ICaseFollowUpGrain>(caseId).MarkDone(Actors.Rep("road-admin"), 1, "已恢复", null);
            await FollowUpTests.Eventually(() => index.Overdue(), list => list.All(t => t.CaseId != caseId));
        }
        finally
        {
            await cluster.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ATasksDepartmentIsToldOnceAtTheStartOfTheDueDaysWorkingHours()
    {
        var time = new ShiftedTime(Local(9, 18));
        var folder = Path.Combine(Path.GetTempPath(), "consult-tasks-" + Guid.NewGuid().ToString("N"));
        // A webhook nobody listens on: the delivery log shows what was planned, whatever the attempts do.
        var cluster = ClusterFixture.Build(Path.Combine(folder, "consult.db"), time: time, services: s =>
            s.Configure<NotificationOptions>(n => n.Webhooks = [new WebhookOptions { Url = "http://127.0.0.1:9/hook", Secret = "s" }]));
        await cluster.DeployAsync();
        try
        {
            var grains = cluster.Client;
            var (caseId, room, _) = await OpenRoom(grains, ("road-admin", SeatRole.Required), ("traffic-police", SeatRole.Required));
            await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.ApproveWithConditions, null, "施工完毕恢复路面"));
            await room.CastDecision(Actors.Rep("traffic-police"), Decision("traffic-police", DecisionOutcome.Approve, null));
            await room.Close(Actors.Window, "同意，附条件");
            var tasks = grains.GetGrain<ICaseFollowUpGrain>(caseId);
            var task = (await tasks.Tasks(Actors.Window)).Single();
            var log = grains.GetGrain<ICaseNotificationsGrain>(caseId);

            // The evening before, and the due day's morning before 08:30: nothing yet.
            time.MoveTo(new DateTimeOffset(task.Due.ToDateTime(new TimeOnly(8, 29)), TimeSpan.FromHours(8)));
            await Task.Delay(ClusterFixture.ReminderPeriod * 3);
            Assert.Null((await tasks.Tasks(Actors.Window)).Single().DueNotifiedAt);
            Assert.DoesNotContain(await log.GetLog(), d => d.Type == NotificationTypes.TaskDue);

            time.MoveTo(new DateTimeOffset(task.Due.ToDateTime(new TimeOnly(8, 31)), TimeSpan.FromHours(8)));
            await FollowUpTests.Eventually(() => tasks.Tasks(Actors.Window), t => t.Single().DueNotifiedAt is not null);
            var delivery = Assert.Single(await FollowUpTests.Eventually(() => log.GetLog(), l => l.Any(d => d.Type == NotificationTypes.TaskDue)),
                d => d.Type == NotificationTypes.TaskDue);
            Assert.Equal(("road-admin", "webhook 0"), (delivery.Department, delivery.Recipient));

            // Once: later ticks tell nobody again.
            await Task.Delay(ClusterFixture.ReminderPeriod * 3);
            Assert.Single(await log.GetLog(), d => d.Type == NotificationTypes.TaskDue);
        }
        finally
        {
            await cluster.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }
}
