using Consult.Cases;
using Consult.Grains.Tests.Fixtures;
using Consult.Rooms;
using Microsoft.Extensions.DependencyInjection;
using static Consult.Grains.Tests.Fixtures.Scenario;

namespace Consult.Grains.Tests.Storage;

/// <summary>A whole cluster stopped and a new one started on the same SQLite file.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterRestartTests
{
    [Fact]
    public async Task ANewClusterOnTheSameFileFindsRoomsAndCasesAsTheyWere()
    {
        var folder = Path.Combine(Path.GetTempPath(), "consult-restart-" + Guid.NewGuid().ToString("N"));
        var database = Path.Combine(folder, "consult.db");
        try
        {
            Guid caseId, roomId;
            string before, eventsBefore;
            await using (var first = ClusterFixture.Build(database))
            {
                await first.DeployAsync();
                var opened = await OpenRoom(first.Client, ("road-admin", SeatRole.Required), ("housing", SeatRole.Advisory));
                await opened.Room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Approve));
                await opened.Room.PostMessage(Actors.Window, new ChatMessage("请住建发表意见", "w-1"));
                caseId = opened.CaseId;
                roomId = opened.Snapshot.RoomId;
                before = System.Text.Json.JsonSerializer.Serialize(await opened.Room.Get(Actors.Window), Common.ConsultJson.Options);
                eventsBefore = System.Text.Json.JsonSerializer.Serialize(await opened.Room.GetEvents(Actors.Window, 0), Common.ConsultJson.Options);
                await first.StopAllSilosAsync();
            }

            await using var second = ClusterFixture.Build(database);
            await second.DeployAsync();
            var room = second.Client.GetGrain<IConsultationGrain>(roomId);
            Assert.Equal(before, System.Text.Json.JsonSerializer.Serialize(await room.Get(Actors.Window), Common.ConsultJson.Options));
            Assert.Equal(eventsBefore, System.Text.Json.JsonSerializer.Serialize(await room.GetEvents(Actors.Window, 0), Common.ConsultJson.Options));
            var closed = await room.Close(Actors.Window, "同意");
            Assert.Equal(JointOutcome.Approved, closed.JointOutcome);
            Assert.Equal(CaseStatus.Decided, (await second.Client.GetGrain<ICaseGrain>(caseId).Get(Actors.Window)).Status);
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task AReminderRegisteredBeforeTheClusterStoppedFiresInTheNextClusterOnTheSameFile()
    {
        var folder = Path.Combine(Path.GetTempPath(), "consult-restart-" + Guid.NewGuid().ToString("N"));
        var database = Path.Combine(folder, "consult.db");
        try
        {
            Guid caseId, roomId;
            await using (var first = ClusterFixture.Build(database))
            {
                await first.DeployAsync();
                var opened = await OpenRoom(first.Client, ("road-admin", SeatRole.Required));
                await opened.Room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Approve));
                caseId = opened.CaseId;
                roomId = opened.Snapshot.RoomId;
                var faults = first.Silos[0].ServiceProvider.GetRequiredService<DeliveryFaults>();
                // The case cannot hear of the close: the room keeps it in its outbox, on its reminder.
                using (faults.Fail<ICaseGrain>(nameof(ICaseGrain.OnRoomClosed)))
                {
                    await opened.Room.Close(Actors.Window, "同意");
                    Assert.Equal(CaseStatus.Consulting, (await first.Client.GetGrain<ICaseGrain>(caseId).Get(Actors.Window)).Status);
                    Assert.Equal(1, ReminderRows(database, roomId));
                    await first.StopAllSilosAsync();
                }
            }

            await using var second = ClusterFixture.Build(database);
            await second.DeployAsync();
            // Only the reminder wakes the room: reading the case does not.
            var giveUp = DateTime.UtcNow.AddSeconds(30);
            var theCase = second.Client.GetGrain<ICaseGrain>(caseId);
            while ((await theCase.Get(Actors.Window)).Status != CaseStatus.Decided)
            {
                Assert.True(DateTime.UtcNow < giveUp, "The room's reminder did not fire after the restart.");
                await Task.Delay(200);
            }

            while (ReminderRows(database, roomId) != 0)
            {
                Assert.True(DateTime.UtcNow < giveUp, "The room's reminder was not removed once its outbox was delivered.");
                await Task.Delay(200);
            }
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ACalendarYearLoadedByAnAdministratorIsCountedByTheNextClusterOnTheSameFile()
    {
        var folder = Path.Combine(Path.GetTempPath(), "consult-restart-" + Guid.NewGuid().ToString("N"));
        var database = Path.Combine(folder, "consult.db");
        try
        {
            var newYear = new DateOnly(2026, 12, 31);
            long revision;
            await using (var first = ClusterFixture.Build(database))
            {
                await first.DeployAsync();
                var calendar = first.Client.GetGrain<Consult.Calendar.ICalendarGrain>(0);
                // 2026 corrected (Dec 31 made a holiday) and 2027 loaded: both replace what was shipped or assumed.
                var shipped = (await calendar.Get()).ToWorkingCalendar().Year(2026)!;
                await calendar.Put(Actors.Admin, 2026, [.. shipped.Holidays, newYear], shipped.Workdays);
                revision = (await calendar.Put(Actors.Admin, 2027, [new DateOnly(2027, 1, 1)], [])).Revision;
                await first.StopAllSilosAsync();
            }

            await using var second = ClusterFixture.Build(database);
            await second.DeployAsync();
            var snapshot = await second.Client.GetGrain<Consult.Calendar.ICalendarGrain>(0).Get();
            var working = snapshot.ToWorkingCalendar();
            Assert.Equal(revision, snapshot.Revision);
            Assert.Equal(Consult.Calendar.CalendarSources.Admin, working.Year(2026)!.Source);
            Assert.Equal("admin", working.Year(2027)!.LoadedBy);
            Assert.False(working.IsWorkingDay(newYear));
            // Dec 30 + 1: Dec 31 and Jan 1 are holidays, Jan 2–3 the weekend.
            var found = working.AddWorkingDays(new DateOnly(2026, 12, 30), 1);
            Assert.Equal(new DateOnly(2027, 1, 4), found.Date);
            Assert.False(found.Assumed);
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    private static int ReminderRows(string database, Guid grainKey)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM reminders WHERE grain_id LIKE $id";
        count.Parameters.AddWithValue("$id", "%" + grainKey.ToString("N"));
        return Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
