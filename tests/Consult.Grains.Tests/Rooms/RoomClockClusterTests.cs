using System.Collections.Immutable;
using Consult.Cases;
using Consult.Common;
using Consult.Departments;
using Consult.Grains.Tests.Fixtures;
using Consult.Rooms;
using Consult.Rooms.Events;
using Orleans.TestingHost;
using static Consult.Grains.Tests.Fixtures.Scenario;

namespace Consult.Grains.Tests.Rooms;

/// <summary>
/// The room's clock on real durable reminders, with limits of seconds: what is due fires by
/// itself, once, also when the whole cluster is stopped and a new one started on the same file in between.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RoomClockClusterTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task AScheduledRoomRefusesDecisionsUntilItsStartThenOpensByItselfAfterARestartInBetween()
    {
        await WithRestart(async (grains, restart) =>
        {
            var start = DateTimeOffset.UtcNow.AddSeconds(10);
            var (caseId, room, opened) = await Open(grains(), start, start.AddMinutes(5), [new SeatRequest("road-admin", SeatRole.Required), new SeatRequest("housing", SeatRole.Advisory)]);
            Assert.Equal(RoomStatus.Scheduled, opened.Status);
            Assert.Null(opened.StartedAt);
            var refused = await Assert.ThrowsAsync<ConsultException>(() => room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Approve)));
            Assert.Equal(ErrorCodes.Conflict, refused.Code);
            // The start is within the 15 minutes' lead: every invited seat is reminded at once.
            var reminder = await Until(room, RoomEventTypes.ReminderSent, 1);
            Assert.Equal(RoomClock.StartReason, RoomEventPayloads.Read<ReminderSent>(reminder[0]).Reason);
            var invitation = await Until(async () => (await grains().GetGrain<IDepartmentGrain>("road-admin").GetOpenInvitations()).FirstOrDefault(i => i.RoomId == opened.RoomId));
            Assert.Equal(start, invitation.ScheduledAt);

            room = await restart(opened.RoomId);
            var started = await Until(room, RoomEventTypes.Started, 1);
            Assert.True(started[0].At >= start, $"Started at {started[0].At:O}, before its start {start:O}.");
            var snapshot = await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Approve));
            Assert.Equal(RoomStatus.Open, snapshot.Status);
            Assert.Equal(started[0].At, snapshot.StartedAt);
            Assert.Single(await Events(room, RoomEventTypes.Started));
            Assert.Single(await Events(room, RoomEventTypes.ReminderSent));
            Assert.Equal(CaseStatus.Consulting, (await grains().GetGrain<ICaseGrain>(caseId).Get(Actors.Window)).Status);
        });
    }

    [Fact]
    public async Task RemindersCardsAndDeemedConsentFireOnceEachAcrossARestart()
    {
        await WithRestart(async (grains, restart) =>
        {
            var now = DateTimeOffset.UtcNow;
            var (_, room, opened) = await Open(grains(), null, now.AddSeconds(24),
            [
                new SeatRequest("road-admin", SeatRole.Required),
                new SeatRequest("traffic-police", SeatRole.Required, DeemedConsentOnTimeout: true),
                new SeatRequest("transport", SeatRole.Required),
                new SeatRequest("housing", SeatRole.Advisory, DeemedConsentOnTimeout: false),
                new SeatRequest("enforcement", SeatRole.Notify),
            ]);
            Assert.True(opened.Seats.Single(s => s.Department == "traffic-police").DeemedConsentOnTimeout);
            await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Approve));
            await Until(room, RoomEventTypes.ReminderSent, 1);

            room = await restart(opened.RoomId);
            await Until(room, RoomEventTypes.DeadlinePassed, 1);
            // Two more of the reminder's periods: a tick that ran again would have logged again.
            await Task.Delay(ClusterFixture.ReminderPeriod * 2);

            var reminders = (await Events(room, RoomEventTypes.ReminderSent)).Select(RoomEventPayloads.Read<ReminderSent>).ToList();
            Assert.Equal([0.5, 0.8], reminders.Select(r => r.Fraction!.Value));
            Assert.All(reminders, r => Assert.Equal<string>(["traffic-police", "transport", "housing"], r.Departments));
            var cards = (await Events(room, RoomEventTypes.CardIssued)).Select(RoomEventPayloads.Read<CardIssued>).Select(c => (c.Department!, c.Level));
            Assert.Equal([("traffic-police", CardLevel.Yellow), ("transport", CardLevel.Yellow), ("transport", CardLevel.Red)], cards);
            var passed = RoomEventPayloads.Read<DeadlinePassed>(Assert.Single(await Events(room, RoomEventTypes.DeadlinePassed)));
            Assert.Equal<string>(["traffic-police"], passed.DeemedConsent);
            Assert.Equal<string>(["transport", "housing"], passed.Pending);
            var deemed = Assert.Single(await Events(room, RoomEventTypes.DecisionCast), e => e.Actor == RoomClock.System);
            Assert.Equal(DecisionOutcome.DeemedConsent, RoomEventPayloads.Read<DecisionCast>(deemed).Outcome);

            var snapshot = await room.Get(Actors.Window);
            Assert.Equal(JointOutcome.Pending, snapshot.JointOutcome);
            Assert.Equal(DecisionOutcome.DeemedConsent, snapshot.Seats.Single(s => s.Department == "traffic-police").Decision!.Outcome);
            Assert.Equal(3, snapshot.Cards.Length);
            var line = await Until(async () => (await grains().GetGrain<IDepartmentGrain>("transport").GetOpenInvitations())
                .FirstOrDefault(i => i.RoomId == opened.RoomId && i.Card == CardLevel.Red));
            Assert.False(line.Decided);
        });
    }

    [Fact]
    public async Task TheConvenerRemindsUndecidedSeatsByHandAtMostOnceInTenMinutes()
    {
        var (_, room, _) = await OpenRoom(fixture.Grains, ("road-admin", SeatRole.Required), ("traffic-police", SeatRole.Required), ("enforcement", SeatRole.Notify));
        await room.CastDecision(Actors.Rep("road-admin"), Decision("road-admin", DecisionOutcome.Approve));
        var forbidden = await Assert.ThrowsAsync<ConsultException>(() => room.Remind(Actors.Rep("traffic-police"), null));
        Assert.Equal(ErrorCodes.Forbidden, forbidden.Code);

        var first = await room.Remind(Actors.Window, null);
        Assert.Equal<string>(["traffic-police"], first.Reminded);
        var again = await room.Remind(Actors.Manager, ["traffic-police"]);
        Assert.Empty(again.Reminded);
        Assert.Equal("tooSoon", Assert.Single(again.Skipped).Reason);

        var logged = Assert.Single(await Events(room, RoomEventTypes.ReminderSent));
        Assert.Equal(("window", RoomClock.ManualReason), (logged.Actor, RoomEventPayloads.Read<ReminderSent>(logged).Reason));
        Assert.NotNull((await room.Get(Actors.Window)).Seats.Single(s => s.Department == "traffic-police").LastRemindedAt);
    }

    private static async Task<(Guid CaseId, IConsultationGrain Room, RoomSnapshot Snapshot)> Open(
        IGrainFactory grains, DateTimeOffset? scheduledAt, DateTimeOffset deadline, ImmutableArray<SeatRequest> seats)
    {
        var (caseId, _) = await Register(grains);
        var snapshot = await grains.GetGrain<ICaseGrain>(caseId).OpenConsultation(Actors.Window, new OpenConsultation(seats, scheduledAt, deadline));
        return (caseId, grains.GetGrain<IConsultationGrain>(snapshot.RoomId), snapshot);
    }

    private static async Task<List<RoomEvent>> Events(IConsultationGrain room, string type) =>
        [.. (await room.GetEvents(Actors.Window, 0)).Where(e => e.Type == type)];

    private static async Task<List<RoomEvent>> Until(IConsultationGrain room, string type, int count)
    {
        var events = await Until(async () => await Events(room, type) is { } found && found.Count >= count ? found : null);
        return events;
    }

    private static async Task<T> Until<T>(Func<Task<T?>> probe)
    {
        var giveUp = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await probe() is { } found)
                return found;
            Assert.True(DateTime.UtcNow < giveUp, $"Not within {Patience}.");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Runs <paramref name="test"/> against a first cluster (its first argument answers the current
    /// cluster's client); its second stops that cluster, starts a new one on the same file, and
    /// answers the room there.
    /// </summary>
    private static async Task WithRestart(Func<Func<IGrainFactory>, Func<Guid, Task<IConsultationGrain>>, Task> test)
    {
        var folder = Path.Combine(Path.GetTempPath(), "consult-clock-" + Guid.NewGuid().ToString("N"));
        var database = Path.Combine(folder, "consult.db");
        InProcessTestCluster? current = ClusterFixture.Build(database);
        try
        {
            await current.DeployAsync();
            await test(() => current.Client, async roomId =>
            {
                await current.StopAllSilosAsync();
                await current.DisposeAsync();
                current = ClusterFixture.Build(database);
                await current.DeployAsync();
                return current.Client.GetGrain<IConsultationGrain>(roomId);
            });
        }
        finally
        {
            await current.DisposeAsync();
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }
}
